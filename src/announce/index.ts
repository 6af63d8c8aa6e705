/** Announcements: checking arXiv for the lab's new papers and delivering them to Discord exactly once. */
export { checkForNewPapers, type CheckDeps, type CheckResult } from './check.js';
export { deliverPending, type DeliverDeps, type DeliveryResult, type RestLike } from './deliver.js';
export {
  announcementMessage,
  reviewMessage,
  alertMessage,
  reviewButtonId,
  parseReviewButtonId,
  type ReviewButtonState,
  REVIEW_ACTION,
  PAPERS_PER_MESSAGE,
  type ChannelMessageBody,
} from './messages.js';
export { announcementTargets, adminTargets, adminChannelFor, roleFor, type ChannelDefaults } from './targets.js';
export { addToIndex } from './check.js';
export { createAnnouncementFeature, ANNOUNCEMENTS_SERVICE, type AnnouncementAdmin, type AnnouncementFeature } from './feature.js';

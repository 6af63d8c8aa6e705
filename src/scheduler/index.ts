/** The announcement schedule: see {@link startAnnouncementService}. */
export {
  startAnnouncementService,
  startupRunReason,
  type AnnouncementService,
  type AnnouncementServiceDeps,
  type RunReason,
  type RunReport,
  type RunOptions,
  type RunWait,
} from './service.js';
export { RunLock } from './lock.js';

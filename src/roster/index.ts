/** The lab roster: who the lab's authors are and how a new arXiv paper is attributed. */
export { loadRoster, parseRoster, authorVariants, RosterError, rosterSchema, type Roster, type RosterAuthor } from './schema.js';
export { normalizeName, matchName, coauthorKey, type NameMatch } from './names.js';
export {
  classifyPaper,
  labCategories,
  labCoauthors,
  excludedIds,
  type Classification,
  type Verdict,
  type EntryOrigin,
  type ClassifiableEntry,
} from './classify.js';

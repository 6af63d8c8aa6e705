/**
 * Reading-group picks: which paper a server's reading group chose, when, by whom, and where it is discussed.
 * The state database implements the store (`src/store/picks.ts`); handlers see only this interface.
 */

/** One pick of the reading group. */
export interface ReadingPick {
  /** Bare arXiv id (no version). */
  arxivId: string;
  /** The title when it was picked (history stays readable even if the paper leaves the index). */
  title: string;
  guildId: string;
  channelId: string;
  /** The public message with the card, once posted. */
  messageId?: string;
  /** The discussion thread opened on that message, once created. */
  threadId?: string;
  /** User id of whoever pressed "Pick for reading group". */
  pickedBy: string;
  /** ISO 8601 timestamp. */
  pickedAt: string;
  /** How the paper was chosen; picks recorded before polls existed have none (they came from the random card). */
  how?: 'random' | 'poll' | 'schedule';
  /** For a poll: the winner's votes, and the poll message. */
  votes?: number;
  pollMessageId?: string;
  /** Set when a tie was settled by the poll's starter's button or at random. */
  tieBreak?: 'starter' | 'random';
  /** Who presents it, once a session is scheduled. */
  presenterId?: string;
}

/** Where picks are kept. Implementations must survive a restart and never lose a recorded pick. */
export interface PicksStore {
  /** Records a pick; throws when it cannot be stored (the caller tells the user). */
  add(pick: ReadingPick): void;
  /** A server's picks, newest first, at most `limit` (default: all). */
  list(guildId: string, limit?: number): ReadingPick[];
  /** The bare arXiv ids a server already picked, for `random({ exclude })`. */
  pickedIds(guildId: string): Set<string>;
}

/**
 * The name and description of a session's scheduled event: Discord shows them in the server's event list
 * and calendar, so they are plain text (no markdown) within Discord's limits (name 100, description 1,000).
 */
import { authorsLine } from '../cards/cards.js';
import { absUrl } from '../corpus/ids.js';
import { latexToText } from '../corpus/latex.js';
import type { Paper } from '../corpus/schema.js';
import { shortenAtWord } from './poll-answers.js';

/** Discord's limits for a scheduled event's text fields. */
export const EVENT_LIMITS = { name: 100, description: 1000, location: 100 } as const;

/** The event's name: "Reading group: <short title>". */
export function sessionName(paper: Paper): string {
  return shortenAtWord(`Reading group: ${latexToText(paper.title)}`, EVENT_LIMITS.name);
}

/** The event's description: authors, the link, the presenter's name if given, and the abstract's opening. */
export function sessionDescription(paper: Paper, presenterId?: string): string {
  const head = [authorsLine(paper.authors, 200).replace(/\\/g, ''), absUrl(paper.arxivId)];
  if (presenterId) head.push(`Presenter: <@${presenterId}>`);
  const start = head.join('\n') + '\n\n';
  const room = EVENT_LIMITS.description - start.length;
  return start + shortenAtWord(latexToText(paper.abstract ?? ''), Math.max(0, room));
}

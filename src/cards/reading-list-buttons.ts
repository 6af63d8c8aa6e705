/**
 * The reading-list buttons and the scope labels cards carry. A leaf module: the card builder, the digest
 * cards and the reading-list page all use it.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { PaperSource } from '../search/types.js';
import { encodeCustomId } from './custom-id.js';

/** Custom_id action tags of the reading list: save, not relevant, turn a list page, remove from the list. */
export const READING_LIST_ACTIONS = { save: 'rls', notRelevant: 'rln', page: 'rlp', remove: 'rlr' } as const;

/** `v1:rls:<arxivId>`: *Save to reading list*, for any member, on digest and paper cards. */
export function saveToReadingListId(arxivId: string): string {
  return encodeCustomId(READING_LIST_ACTIONS.save, [arxivId]);
}

/** `v1:rln:<arxivId>`: *Not relevant*, for any member, on digest cards. */
export function notRelevantId(arxivId: string): string {
  return encodeCustomId(READING_LIST_ACTIONS.notRelevant, [arxivId]);
}

/** The *Save to reading list* button of one paper. */
export function saveButton(arxivId: string, label = 'Save to reading list'): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Success, label, custom_id: saveToReadingListId(arxivId) };
}

/** The two buttons of a digest card: *Save to reading list* and *Not relevant*. */
export function readingListButtons(arxivId: string): APIButtonComponent[] {
  return [saveButton(arxivId), { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Not relevant', custom_id: notRelevantId(arxivId) }];
}

/** What a card says of where its paper comes from, under a scope. */
export const SOURCE_LABELS: Readonly<Record<PaperSource, string>> = {
  lab: 'Lab paper',
  'reading-list': 'From the reading list',
  field: 'Digest paper (arXiv listing)',
};

/** A scope in words, for headers: "in the reading list", "in the lab’s papers, the reading list and digest papers". */
export function scopeWords(scope: 'reading-list' | 'all' | undefined): string {
  if (scope === 'reading-list') return 'on the reading list';
  if (scope === 'all') return 'in lab papers, the reading list and digest papers';
  return '';
}

/**
 * "Find lab papers like this", a message command: from a message's text (an arXiv link, a title or a
 * paragraph) it answers privately with the closest lab papers, by the engine's more-like-this.
 */
import { noticeMessage, customMessage, resultEmbed } from '../../cards/cards.js';
import { normalizeArxivId } from '../../corpus/ids.js';
import { reply, type CommandHandler } from '../types.js';

/** The message command's name, as Discord shows it in the Apps menu. */
export const FIND_LIKE_THIS = 'Find lab papers like this';

/** Fewer characters than this (links removed) is not enough text to match on. */
const MIN_TEXT = 12;

/** The arXiv ids a text mentions (links, `arXiv:` ids, bare ids), in order, once each. */
function arxivIdsIn(text: string): string[] {
  const ids = text
    .split(/\s+/)
    .map((t) => normalizeArxivId(t.replace(/^[(<[“"']+|[)>\].,;:!?”"']+$/g, '')))
    .filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/** The message command. */
export const findLikeThisCommand: CommandHandler = {
  run(input, ctx) {
    const text = typeof input.options.target_text === 'string' ? input.options.target_text : '';
    // A link to a lab paper is the clearest signal: that paper's neighbours, with the paper itself first.
    for (const id of arxivIdsIn(text)) {
      const paper = ctx.engine.get(id);
      if (!paper) continue;
      const hits = ctx.engine.similar(paper.arxivId, 4);
      return reply(
        customMessage({
          content: `That message links a lab paper; here it is with the lab papers closest to it.`,
          embeds: [resultEmbed(paper), ...hits.map((h, i) => resultEmbed(h.paper, { rank: i + 1, terms: h.matchedTerms }))],
          flags: 64,
        }),
      );
    }
    const words = text
      .replace(/\w+:\/\/\S+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const hits = words.length >= MIN_TEXT && ctx.engine.similarToText ? ctx.engine.similarToText(words, 5) : [];
    if (hits.length === 0) {
      return reply(
        noticeMessage(
          words.length < MIN_TEXT
            ? 'That message has too little text to match (no arXiv link, title or paragraph I can read). Try it on a message with a paper’s title, abstract or arXiv link.'
            : 'No lab paper is close to that message’s text. Try a message with a paper’s title, abstract or arXiv link.',
        ),
      );
    }
    return reply(
      customMessage({
        content: 'The lab papers closest to that message:',
        embeds: hits.map((h, i) => resultEmbed(h.paper, { rank: i + 1, terms: h.matchedTerms })),
        flags: 64,
      }),
    );
  },
};

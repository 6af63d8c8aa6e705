/**
 * Whose message a click came from, and whether it is the kind of message a handler may change. A custom_id
 * is text anyone can forge in a hand-built payload; the message's `interaction_metadata` and components are
 * Discord's, so those decide: a search page may be turned only on a message that `/paper search` produced,
 * that carries the clicked button, and only by the user who ran that command.
 */
import { InteractionType } from 'discord.js';
import type { ComponentInput } from './types.js';

/** The outcome of {@link messageOwner}. */
export type MessageCheck = { owner: string } | { foreign: true };

/** True when the clicked component is one the message carries. */
export function carriesClickedComponent(input: ComponentInput): boolean {
  return input.message.componentIds.includes(input.customId);
}

/**
 * The user who ran the slash command that produced the clicked message, when the message is such a reply
 * and carries the clicked component; `{ foreign: true }` for anything else (an announcement, a review card,
 * a pick post, or a click naming a component the message does not have).
 */
export function messageOwner(input: ComponentInput): MessageCheck {
  const made = input.message.interaction;
  if (!made || made.type !== InteractionType.ApplicationCommand || !carriesClickedComponent(input)) return { foreign: true };
  return { owner: made.userId };
}

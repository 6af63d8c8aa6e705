/**
 * Every handler of the bot, by the key the router looks up. A feature adds its handlers here (one spread
 * per feature); `tests/bot/registry.test.ts` checks that each command path in `commands/` has exactly one
 * handler, that each handler has a definition, and that autocomplete options have an autocomplete handler.
 * The maps have no prototype: a custom_id action or command name such as `constructor` finds nothing.
 */
import { adminCommands, adminComponents } from './admin/index.js';
import { groupCommands, groupComponents } from './group/index.js';
import { paperCommands, paperComponents } from './paper/index.js';
import type { CommandHandler, ComponentHandler } from './types.js';

/** Slash command handlers by runnable path ("paper search"). */
export const commandHandlers: Record<string, CommandHandler> = Object.assign(
  Object.create(null) as Record<string, CommandHandler>,
  paperCommands,
  adminCommands,
  groupCommands,
);

/** Component handlers by custom_id action tag (`pg`, `pick`, ...). Tags must be unique across features. */
export const componentHandlers: Record<string, ComponentHandler> = Object.assign(
  Object.create(null) as Record<string, ComponentHandler>,
  paperComponents,
  adminComponents,
  groupComponents,
);

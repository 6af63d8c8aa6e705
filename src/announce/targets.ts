/**
 * Where announcements, reviews and alerts go: each server's settings from `/paper-admin`, with the
 * environment's `ANNOUNCE_CHANNEL_ID` / `ADMIN_CHANNEL_ID` as defaults that need no command.
 */
import type { ChannelTarget, Store } from '../store/index.js';

/** The environment's default channels (config.announce) and the server they belong to, when known. */
export interface ChannelDefaults {
  announceChannelId?: string | undefined;
  adminChannelId?: string | undefined;
  /** `DISCORD_GUILD_ID`: lets the defaults be overridden by that server's settings and use its role. */
  guildId?: string | undefined;
}

function resolve(store: Store, defaults: ChannelDefaults, pick: 'announceChannelId' | 'adminChannelId'): ChannelTarget[] {
  const settings = store.allGuildSettings();
  const out: ChannelTarget[] = settings.filter((s) => s[pick]).map((s) => ({ guildId: s.guildId, channelId: s[pick]! }));
  const fallback = defaults[pick];
  // A server's own setting replaces the default for that server; a default for an unknown server stands alone.
  const overridden = defaults.guildId !== undefined && settings.some((s) => s.guildId === defaults.guildId && s[pick]);
  if (fallback && !overridden && !out.some((t) => t.channelId === fallback)) out.push({ guildId: defaults.guildId ?? null, channelId: fallback });
  return out;
}

/** Every announcement channel. */
export function announcementTargets(store: Store, defaults: ChannelDefaults): ChannelTarget[] {
  return resolve(store, defaults, 'announceChannelId');
}

/** Every admin channel (review cards, failure reports). */
export function adminTargets(store: Store, defaults: ChannelDefaults): ChannelTarget[] {
  return resolve(store, defaults, 'adminChannelId');
}

/** The admin channel responsible for a server (its own, else the default), or undefined. */
export function adminChannelFor(store: Store, defaults: ChannelDefaults, guildId: string | null): ChannelTarget | undefined {
  const own = guildId ? store.guildSettings(guildId)?.adminChannelId : null;
  if (own) return { guildId, channelId: own };
  return defaults.adminChannelId ? { guildId: defaults.guildId ?? guildId, channelId: defaults.adminChannelId } : undefined;
}

/** The role to ping with announcements in a server, if one is set. */
export function roleFor(store: Store, guildId: string | null): string | null {
  return guildId ? (store.guildSettings(guildId)?.roleId ?? null) : null;
}

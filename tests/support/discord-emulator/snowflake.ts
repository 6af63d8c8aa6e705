/**
 * Snowflake ids the way Discord mints them: milliseconds since the Discord epoch in the top bits, then
 * worker, process and an increment. Real-shaped ids matter because discord.js derives `createdTimestamp`
 * from them and bots sometimes compare them as BigInts.
 */
import { randomBytes } from 'node:crypto';

/** 2015-01-01T00:00:00.000Z, the epoch Discord's snowflakes count from. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/** Mints strictly increasing snowflakes (never two equal, even within one millisecond). */
export class SnowflakeGenerator {
  private last = 0n;
  private increment = 0n;

  constructor(
    private readonly workerId = 1n,
    private readonly processId = 0n,
  ) {}

  /** A fresh snowflake for the current time. */
  next(): string {
    let ms = BigInt(Date.now()) - DISCORD_EPOCH;
    // Keep ids strictly increasing even if the clock stalls or many ids are minted in one millisecond.
    if (ms <= this.last && this.increment >= 4095n) ms = this.last + 1n;
    if (ms < this.last) ms = this.last;
    this.increment = ms === this.last ? this.increment + 1n : 0n;
    this.last = ms;
    return ((ms << 22n) | (this.workerId << 17n) | (this.processId << 12n) | (this.increment & 4095n)).toString();
  }
}

/** The creation time (ms since 1970) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** URL-safe base64 without padding, the alphabet Discord's tokens use. */
export function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** Random URL-safe characters, `length` of them. */
export function randomToken(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4) + 3)
    .toString('base64url')
    .slice(0, length);
}

/**
 * A bot token of Discord's shape: base64 of the bot's user id, a 6-character timestamp part and a
 * 38-character HMAC part, joined by dots.
 */
export function makeBotToken(botUserId: string): string {
  return `${base64url(botUserId)}.${randomToken(6)}.${randomToken(38)}`;
}

/**
 * An interaction token of Discord's shape ("interaction:<id>:<secret>" in base64url, ~150 characters):
 * long, URL-safe and distinctive, so tests can search logs and replies for it.
 */
export function makeInteractionToken(interactionId: string): string {
  return base64url(`interaction:${interactionId}:${randomToken(96)}`);
}

/**
 * Follows each dispatched interaction from INTERACTION_CREATE to "the reply the user sees": the callback
 * that shows something (4, 7, 8, 9) or, after a deferral (5, 6), the first edit of `@original` or the
 * first follow-up. Measures the latency to it, and fails the way Discord does ("This interaction failed")
 * when no acknowledgement arrives in time.
 */
import type { APIMessage } from 'discord.js';
import type { RecordedRequest } from './http.js';

type Obj = Record<string, unknown>;

/** What the user ended up seeing. */
export type ReplyKind =
  /** A new message: callback 4, or the edit that completed a deferred reply (5). */
  | 'message'
  /** The component's message was updated: callback 7, or an edit after a deferred update (6). */
  | 'update'
  /** A follow-up message after a deferred update (6), e.g. an ephemeral note. */
  | 'followup'
  /** Autocomplete choices (callback 8). */
  | 'autocomplete'
  /** A modal opened (callback 9). */
  | 'modal'
  /** The deferred reply was deleted. */
  | 'deleted'
  /** A deferred update (6) that was never followed by anything: acknowledged, nothing changed. */
  | 'acknowledged';

/** "The reply the user sees" for one interaction. */
export interface InteractionReply {
  interactionId: string;
  kind: ReplyKind;
  /** The first successful callback's type (4, 5, 6, 7, 8 or 9). */
  callbackType: number;
  /** Whether the bot deferred first (5 or 6). */
  deferred: boolean;
  /** Milliseconds from dispatching INTERACTION_CREATE to the request that showed the reply. */
  latencyMs: number;
  /** Whether only the invoking user sees it (flags 64). */
  ephemeral: boolean;
  /** The message as it looked at that moment (new, updated or follow-up); `null` for autocomplete/modal/acknowledged. */
  message: APIMessage | null;
  /** Autocomplete choices (kind 'autocomplete'). */
  choices: Array<{ name: string; value: string | number }> | null;
  /** The modal (kind 'modal'). */
  modal: Obj | null;
  /** Follow-up messages sent for this interaction so far (grows while the bot sends more). */
  followUps: APIMessage[];
}

/** Thrown (as the reply's rejection) when the user would see "This interaction failed" or an endless "thinking…". */
export class InteractionFailedError extends Error {
  override name = 'InteractionFailedError';
  constructor(
    message: string,
    /** The callback and webhook requests the bot made for this interaction, with their statuses. */
    readonly attempts: RecordedRequest[],
  ) {
    super(message);
  }
}

/** Timing rules for {@link InteractionRecord}. */
export interface TrackerTiming {
  /** Discord's 3 s window for the first callback; `false` disables it. */
  interactionTimeoutMs: number | false;
  /** How long to wait for the edit or follow-up after a deferral before reporting failure. */
  deferredReplyTimeoutMs: number;
  /** When the window is disabled, how long to wait for any callback before reporting failure. */
  fallbackTimeoutMs: number;
}

/** The emulator's record of one interaction. */
export class InteractionRecord {
  readonly dispatchedAt = Date.now();
  readonly dispatchedAtPerf = performance.now();
  acknowledged = false;
  /** `performance.now()` when the first callback succeeded. */
  ackAtPerf = 0;
  callbackType: number | null = null;
  /** The message `@original` refers to. */
  originalMessageId: string | null = null;
  /** A deferred reply (5) still shows "thinking…". */
  originalLoading = false;
  readonly followUpIds: string[] = [];
  /** Every callback and webhook request made with this interaction's token. */
  readonly requests: RecordedRequest[] = [];
  readonly reply: Promise<InteractionReply>;
  settled = false;
  /** Gateway sequence number of the INTERACTION_CREATE, or null if no session could take it. */
  seq: number | null = null;
  private resolveReply!: (r: InteractionReply) => void;
  private rejectReply!: (e: Error) => void;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly payload: Obj & { id: string; token: string },
    private readonly timing: TrackerTiming,
    private readonly followUps: () => APIMessage[],
  ) {
    this.reply = new Promise<InteractionReply>((resolve, reject) => {
      this.resolveReply = resolve;
      this.rejectReply = reject;
    });
    // Callers who never await the reply must not trip Node's unhandled-rejection check.
    this.reply.catch(() => {});
    const window = timing.interactionTimeoutMs === false ? timing.fallbackTimeoutMs : timing.interactionTimeoutMs;
    this.arm(window, () => `no acknowledgement within ${window} ms: the user sees "This interaction failed"`);
  }

  get id(): string {
    return this.payload.id;
  }
  get token(): string {
    return this.payload.token;
  }
  /** Interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit). */
  get type(): number {
    return this.payload.type as number;
  }
  get channelId(): string {
    return this.payload.channel_id as string;
  }
  get guildId(): string | null {
    return (this.payload.guild_id as string | undefined) ?? null;
  }
  /** The message a component interaction was attached to. */
  get componentMessage(): APIMessage | null {
    return (this.payload.message as APIMessage | undefined) ?? null;
  }
  /** Whether the 3 s window has passed without an acknowledgement. */
  expired(now = Date.now()): boolean {
    return this.timing.interactionTimeoutMs !== false && now - this.dispatchedAt > this.timing.interactionTimeoutMs;
  }

  private arm(ms: number, reason: () => string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(reason()), ms);
    this.timer.unref();
  }

  /**
   * After a deferral: wait for the edit or follow-up that completes it. A deferred reply (5) left alone
   * is a failure (endless "thinking…"); a deferred update (6) left alone is legal, the message stays as it was.
   */
  deferred(kind: 5 | 6): void {
    if (this.timer) clearTimeout(this.timer);
    const ms = this.timing.deferredReplyTimeoutMs;
    this.timer = setTimeout(() => {
      if (kind === 5) this.fail(`deferred reply never completed within ${ms} ms: the user sees "thinking…"`);
      else this.settle({ kind: 'acknowledged', message: null, ephemeral: false, at: this.ackAtPerf });
    }, ms);
    this.timer.unref();
  }

  /** Resolves the reply (first call wins). */
  settle(r: { kind: ReplyKind; message: APIMessage | null; ephemeral: boolean; at: number; choices?: InteractionReply['choices']; modal?: Obj | null }): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    const followUps = this.followUps;
    this.resolveReply({
      interactionId: this.id,
      kind: r.kind,
      callbackType: this.callbackType ?? 0,
      deferred: this.callbackType === 5 || this.callbackType === 6,
      latencyMs: r.at - this.dispatchedAtPerf,
      ephemeral: r.ephemeral,
      message: r.message ? structuredClone(r.message) : null,
      choices: r.choices ?? null,
      modal: r.modal ?? null,
      get followUps() {
        return followUps();
      },
    });
  }

  /** Rejects the reply with what the bot tried (first call wins). */
  fail(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    const tried = this.requests
      .map((r) => `${r.method} ${r.path.replace(this.token, '<token>')} → ${r.status}${r.status >= 400 ? ' ' + JSON.stringify(r.response) : ''}`)
      .join('\n  ');
    this.rejectReply(
      new InteractionFailedError(`interaction ${this.id}: ${reason}${tried ? `\n  ${tried}` : ' (the bot made no request for it)'}`, [...this.requests]),
    );
  }

  /** Stops timers (emulator shutdown). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.settled) this.fail('emulator closed');
  }
}

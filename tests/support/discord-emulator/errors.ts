/**
 * Discord's JSON error bodies and the JSON error codes the emulator answers with. Shapes follow
 * https://discord.com/developers/docs/reference#error-messages: `{ code, message, errors? }`, where
 * `errors` mirrors the request body's structure and ends in `_errors: [{ code, message }]`.
 */

/** The JSON error codes the emulator uses, by Discord's numbers. */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownApplicationCommand: 10063,
  UnknownInteraction: 10062,
  NotAuthorizedForApplication: 20012,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  CannotExecuteOnChannelType: 50024,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  MissingPermissions: 50013,
  InteractionAlreadyAcknowledged: 40060,
  ThreadAlreadyCreatedForMessage: 160004,
} as const;

/** One leaf error inside an Invalid Form Body response. */
export interface FieldError {
  code: string;
  message: string;
}

/** Nested error tree: keys follow the request body, leaves carry `_errors`. */
export interface ErrorTree {
  _errors?: FieldError[];
  [key: string]: ErrorTree | FieldError[] | undefined;
}

/** A Discord error response body. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: ErrorTree;
}

/** A plain error body, e.g. `apiError(10003, 'Unknown Channel')`. */
export function apiError(code: number, message: string): DiscordErrorBody {
  return { code, message };
}

/**
 * Collects field errors at body paths (`['embeds', 0, 'title']`) and renders them in Discord's nested
 * `errors` format. Empty when the body is valid.
 */
export class FormErrors {
  readonly tree: ErrorTree = {};
  private count = 0;

  /** Records one error at `path` (relative to the request body). */
  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      const child = node[k];
      if (child && !Array.isArray(child)) {
        node = child;
      } else {
        const created: ErrorTree = {};
        node[k] = created;
        node = created;
      }
    }
    (node._errors ??= []).push({ code, message });
    this.count++;
  }

  /** A max-length error with Discord's wording. */
  maxLength(path: ReadonlyArray<string | number>, max: number): void {
    this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  /** A min-length error with Discord's wording. */
  minLength(path: ReadonlyArray<string | number>, min: number): void {
    this.add(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
  }

  /** A required-field error with Discord's wording. */
  required(path: ReadonlyArray<string | number>): void {
    this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  }

  /** Whether no error was recorded. */
  get empty(): boolean {
    return this.count === 0;
  }

  /** Discord's 400 body: `{ code: 50035, message: 'Invalid Form Body', errors }`. */
  toBody(): DiscordErrorBody {
    return { code: ErrorCode.InvalidFormBody, message: 'Invalid Form Body', errors: this.tree };
  }
}

/** Every leaf error in a Discord error tree as `{ path: 'embeds.0.title', code, message }`, for assertions. */
export function flattenErrors(tree: ErrorTree | undefined, prefix = ''): Array<FieldError & { path: string }> {
  if (!tree) return [];
  const out: Array<FieldError & { path: string }> = [];
  for (const [key, value] of Object.entries(tree)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value) out.push({ path: prefix, ...e });
    } else if (value && !Array.isArray(value)) {
      out.push(...flattenErrors(value, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}

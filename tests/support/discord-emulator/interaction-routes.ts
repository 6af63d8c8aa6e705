/**
 * REST routes an interaction's token authorizes: the callback (`POST /interactions/:id/:token/callback`)
 * and the interaction webhook (`/webhooks/:app/:token[/messages/:id|@original]`). They follow Discord's
 * rules: one callback per interaction (40060), within 3 s (10062), callback types allowed per
 * interaction type, the webhook usable only after the acknowledgement, message limits (50035/50006), and
 * the first follow-up after a deferred reply filling the "thinking…" message.
 */
import { cloneData } from './clone.js';
import { apiError, ErrorCode, FormErrors } from './errors.js';
import type { RecordedRequest, Route, RouteContext, RouteResult } from './http.js';
import { InteractionKind } from './interaction-payloads.js';
import type { InteractionRecord } from './interaction-tracker.js';
import { isEmptyMessage, validateAutocompleteResult, validateMessageBody, validateModal } from './limits.js';
import type { EmulatorState, StoredMessage } from './state.js';

type Obj = Record<string, unknown>;

const EPHEMERAL = 64;
const LOADING = 128;
/** Flags a bot may set on an interaction response: SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2. */
const SETTABLE_FLAGS = 4 | EPHEMERAL | 4096 | 32768;

/** Callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionKind.ApplicationCommand]: [4, 5, 9],
  [InteractionKind.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionKind.Autocomplete]: [8],
  [InteractionKind.ModalSubmit]: [4, 5, 6, 7],
};

/** What the interaction routes need. */
export interface InteractionRouteDeps {
  state: EmulatorState;
  byId: Map<string, InteractionRecord>;
  byToken: Map<string, InteractionRecord>;
  /** Interaction webhooks stop working after this long (Discord: 15 minutes). */
  webhookLifetimeMs: number;
}

function invalid(errors: FormErrors): RouteResult {
  return { status: 400, body: errors.toBody() };
}

const EMPTY: RouteResult = { status: 400, body: apiError(ErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message') };

/** Files the request under its interaction once answered, so failures can be explained. */
function track(record: InteractionRecord, result: RouteResult): RouteResult {
  const after = result.after;
  return {
    ...result,
    after: (rec: RecordedRequest) => {
      record.requests.push(rec);
      after?.(rec);
    },
  };
}

/** Builds the interaction callback and webhook routes. */
export function interactionRoutes(deps: InteractionRouteDeps): Route[] {
  const { state, byId, byToken } = deps;

  /** Discord fields that mark a message as an interaction's response. */
  const interactionExtra = (record: InteractionRecord): Obj => {
    const p = record.payload;
    const user = (p.member as Obj | undefined)?.user ?? p.user;
    const data = p.data as Obj | undefined;
    return {
      webhook_id: state.applicationId,
      application_id: state.applicationId,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user,
        authorizing_integration_owners: p.authorizing_integration_owners ?? {},
        ...(record.type === InteractionKind.ApplicationCommand ? { name: data?.name, command_type: data?.type ?? 1 } : {}),
        ...(record.componentMessage ? { interacted_message_id: record.componentMessage.id } : {}),
      },
      ...(record.type === InteractionKind.ApplicationCommand ? { interaction: { id: record.id, type: record.type, name: data?.name, user } } : {}),
    };
  };

  const messageType = (record: InteractionRecord) => (record.type === InteractionKind.ApplicationCommand ? 20 : 0);

  /** The stored message a component interaction is attached to, adopting it if the emulator never saw it. */
  const componentStored = (record: InteractionRecord): StoredMessage | undefined => {
    const m = record.componentMessage;
    if (!m) return undefined;
    return state.messages.get(m.id) ?? state.adoptMessage(m);
  };

  const callback = (ctx: RouteContext): RouteResult => {
    const record = byId.get(ctx.params.id!);
    if (!record || record.token !== ctx.params.token) {
      return { status: 404, body: apiError(ErrorCode.UnknownInteraction, 'Unknown interaction') };
    }
    return track(record, applyCallback(record, ctx));
  };

  const applyCallback = (record: InteractionRecord, ctx: RouteContext): RouteResult => {
    if (record.acknowledged) {
      return { status: 400, body: apiError(ErrorCode.InteractionAlreadyAcknowledged, 'Interaction has already been acknowledged.') };
    }
    if (record.expired()) return { status: 404, body: apiError(ErrorCode.UnknownInteraction, 'Unknown interaction') };
    const body = (ctx.body ?? {}) as Obj;
    const type = body.type;
    const allowed = ALLOWED_CALLBACKS[record.type] ?? [];
    if (typeof type !== 'number' || !allowed.includes(type)) {
      const errors = new FormErrors();
      errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Value must be one of {${allowed.join(', ')}}.`);
      return invalid(errors);
    }
    const data = (body.data ?? {}) as Obj;
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const withResponse = ctx.query.with_response === 'true';
    let stored: StoredMessage | undefined;
    let settle: ((rec: RecordedRequest) => void) | undefined;

    switch (type) {
      case 4: {
        const errors = validateMessageBody(data, { prefix: ['data'] });
        if (!errors.empty) return invalid(errors);
        if (isEmptyMessage(data)) return EMPTY;
        stored = state.createMessage(record.channelId, data, {
          source: 'interaction',
          files: ctx.files,
          interactionId: record.id,
          type: messageType(record),
          flags: flags & SETTABLE_FLAGS,
          extra: interactionExtra(record),
        });
        record.originalMessageId = stored.message.id;
        const s = stored;
        settle = (rec) => record.settle({ kind: 'message', message: s.message, ephemeral: s.ephemeral, at: rec.answeredAtPerf });
        break;
      }
      case 5: {
        stored = state.createMessage(
          record.channelId,
          { content: '' },
          {
            source: 'interaction',
            interactionId: record.id,
            type: messageType(record),
            flags: LOADING | (flags & EPHEMERAL),
            extra: interactionExtra(record),
          },
        );
        record.originalMessageId = stored.message.id;
        record.originalLoading = true;
        settle = () => record.deferred(5);
        break;
      }
      case 6: {
        stored = componentStored(record);
        record.originalMessageId = stored?.message.id ?? null;
        settle = () => record.deferred(6);
        break;
      }
      case 7: {
        const errors = validateMessageBody(data, { prefix: ['data'], partial: true });
        if (!errors.empty) return invalid(errors);
        stored = componentStored(record);
        if (!stored) return { status: 400, body: apiError(ErrorCode.UnknownMessage, 'Unknown Message') };
        if (isEmptyMessage({ ...(stored.message as unknown as Obj), ...data })) return EMPTY;
        state.editMessage(stored, data);
        record.originalMessageId = stored.message.id;
        const s = stored;
        settle = (rec) => record.settle({ kind: 'update', message: s.message, ephemeral: s.ephemeral, at: rec.answeredAtPerf });
        break;
      }
      case 8: {
        const errors = validateAutocompleteResult(body.data);
        if (!errors.empty) return invalid(errors);
        const choices = cloneData(data.choices) as Array<{ name: string; value: string | number }>;
        settle = (rec) => record.settle({ kind: 'autocomplete', message: null, ephemeral: true, at: rec.answeredAtPerf, choices });
        break;
      }
      case 9: {
        const errors = validateModal(body.data);
        if (!errors.empty) return invalid(errors);
        const modal = cloneData(data);
        settle = (rec) => record.settle({ kind: 'modal', message: null, ephemeral: true, at: rec.answeredAtPerf, modal });
        break;
      }
    }

    record.acknowledged = true;
    record.callbackType = type;
    const after = (rec: RecordedRequest) => {
      record.ackAtPerf = rec.answeredAtPerf;
      settle?.(rec);
    };
    if (!withResponse) return { status: 204, after };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(stored
            ? {
                response_message_id: stored.message.id,
                response_message_loading: type === 5,
                response_message_ephemeral: stored.ephemeral,
              }
            : {}),
        },
        resource: { type, ...(stored && type !== 6 ? { message: stored.message } : {}) },
      },
      after,
    };
  };

  /** Resolves the interaction for a webhook route, or answers like Discord when it cannot. */
  const webhookRecord = (ctx: RouteContext): InteractionRecord | RouteResult => {
    const record = byToken.get(ctx.params.token!);
    if (!record || ctx.params.app !== state.applicationId) {
      return { status: 404, body: apiError(ErrorCode.UnknownWebhook, 'Unknown Webhook') };
    }
    if (Date.now() - record.dispatchedAt > deps.webhookLifetimeMs) {
      return { status: 401, body: apiError(ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token') };
    }
    return record;
  };

  /** The message `:message` names for this interaction (`@original`, or one of its follow-ups). */
  const targetMessage = (record: InteractionRecord, which: string): StoredMessage | undefined => {
    const id = which === '@original' ? record.originalMessageId : which;
    if (!id) return undefined;
    if (id !== record.originalMessageId && !record.followUpIds.includes(id)) return undefined;
    const stored = state.messages.get(id);
    return stored && !stored.deleted ? stored : undefined;
  };

  const unknownMessage: RouteResult = { status: 404, body: apiError(ErrorCode.UnknownMessage, 'Unknown Message') };

  const followUp = (ctx: RouteContext): RouteResult => {
    const r = webhookRecord(ctx);
    if (!('token' in r)) return r;
    const record = r;
    return track(
      record,
      (() => {
        // The webhook only exists once the interaction has been acknowledged.
        if (!record.acknowledged) return { status: 404, body: apiError(ErrorCode.UnknownWebhook, 'Unknown Webhook') };
        const body = (ctx.body ?? {}) as Obj;
        const errors = validateMessageBody(body);
        if (!errors.empty) return invalid(errors);
        if (isEmptyMessage(body)) return EMPTY;
        const wait = ctx.query.wait === 'true';
        const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
        let stored: StoredMessage;
        let kind: 'message' | 'followup';
        if (record.callbackType === 5 && record.originalLoading && original) {
          // Discord turns the first follow-up after a deferred reply into the reply itself.
          stored = state.editMessage(original, body, { clearLoading: true });
          record.originalLoading = false;
          kind = 'message';
        } else {
          stored = state.createMessage(record.channelId, body, {
            source: 'followup',
            files: ctx.files,
            interactionId: record.id,
            type: messageType(record),
            flags: (typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS,
            extra: interactionExtra(record),
          });
          record.followUpIds.push(stored.message.id);
          kind = 'followup';
        }
        const s = stored;
        return {
          status: wait ? 200 : 204,
          body: wait ? s.message : undefined,
          after: (rec: RecordedRequest) => record.settle({ kind, message: s.message, ephemeral: s.ephemeral, at: rec.answeredAtPerf }),
        };
      })(),
    );
  };

  const editMessage = (ctx: RouteContext): RouteResult => {
    const r = webhookRecord(ctx);
    if (!('token' in r)) return r;
    const record = r;
    return track(
      record,
      (() => {
        const stored = targetMessage(record, ctx.params.message!);
        if (!stored) return unknownMessage;
        const body = (ctx.body ?? {}) as Obj;
        const errors = validateMessageBody(body, { partial: true });
        if (!errors.empty) return invalid(errors);
        if (isEmptyMessage({ ...(stored.message as unknown as Obj), ...body })) return EMPTY;
        const isOriginal = stored.message.id === record.originalMessageId;
        const completesDeferral = isOriginal && record.originalLoading;
        state.editMessage(stored, body, { clearLoading: completesDeferral, files: ctx.files });
        if (completesDeferral) record.originalLoading = false;
        const kind = record.callbackType === 6 || record.callbackType === 7 ? 'update' : 'message';
        return {
          status: 200,
          body: stored.message,
          after: (rec: RecordedRequest) => {
            if (isOriginal) record.settle({ kind, message: stored.message, ephemeral: stored.ephemeral, at: rec.answeredAtPerf });
          },
        };
      })(),
    );
  };

  const deleteMessage = (ctx: RouteContext): RouteResult => {
    const r = webhookRecord(ctx);
    if (!('token' in r)) return r;
    const record = r;
    return track(
      record,
      (() => {
        const stored = targetMessage(record, ctx.params.message!);
        if (!stored) return unknownMessage;
        state.deleteMessage(stored);
        const isOriginal = stored.message.id === record.originalMessageId;
        return {
          status: 204,
          after: (rec: RecordedRequest) => {
            if (isOriginal) record.settle({ kind: 'deleted', message: null, ephemeral: stored.ephemeral, at: rec.answeredAtPerf });
          },
        };
      })(),
    );
  };

  return [
    { method: 'POST', pattern: '/interactions/:id/:token/callback', name: 'interaction-callback', auth: false, handler: callback },
    { method: 'POST', pattern: '/webhooks/:app/:token', name: 'webhook-execute', auth: false, handler: followUp },
    { method: 'PATCH', pattern: '/webhooks/:app/:token/messages/:message', name: 'webhook-message-edit', auth: false, handler: editMessage },
    { method: 'DELETE', pattern: '/webhooks/:app/:token/messages/:message', name: 'webhook-message-delete', auth: false, handler: deleteMessage },
  ];
}

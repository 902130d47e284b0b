import * as z from 'zod/mini';
import {
  moderationRoutes, MODERATION_ADMIN_TWINS, ActionResult, AuditActor, AuditAction, AuditEntry, AuditLog, AuditQuery, Ban,
  BanKind, BanList, BanRequest, BansQuery, CreateReport, FloorAction, FloorActionName, FloorContext, HoldCause, ModeratedFloor,
  ModerationFloorParams, ModerationPolicy, ModerationQueue, ModerationUserParams, Premoderation, QueueKind, QueueQuery,
  ReportReason, ReportReceipt, ReportSummary, UnbanQuery, UnbanResult, WordLists,
} from './moderation.js';

/** Named output schemas of the moderation API (components of the OpenAPI document). */
export const MODERATION_OUTPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  ReportReason, Premoderation, ModerationPolicy, WordLists, ReportReceipt, ReportSummary, QueueKind, HoldCause, ModeratedFloor,
  ModerationQueue, FloorContext, FloorActionName, ActionResult, BanKind, AuditActor, Ban, BanList, UnbanResult, AuditAction,
  AuditEntry, AuditLog,
};

/** Request bodies of the moderation API. */
export const MODERATION_INPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  CreateReport, FloorAction, BanRequest, WordListsInput: WordLists,
};

type JsonSchema = Record<string, unknown>;
type Response = { description: string; content?: unknown; headers?: unknown };

/** The document builder's helpers, so that both parts of the document are built alike. */
export interface OpenApiHelpers {
  site: JsonSchema;
  commonErrors: Record<number, Response>;
  json(name: string): unknown;
  errorResponse(description: string): Response;
  pathParameter(name: string, schema: JsonSchema, description: string): JsonSchema;
  queryParameters(schema: z.ZodMiniType): JsonSchema[];
  inlineSchema(schema: z.ZodMiniType): JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  parameters: JsonSchema[];
  requestBody?: unknown;
  responses: Record<number, Response>;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The moderation API: each operation twice, once under `/v1/sites/{site}/moderation/…` for a
 * moderator's reader token and once under `/v1/admin/sites/{site}/moderation/…` for a site API key.
 */
export function moderationPaths(h: OpenApiHelpers): Record<string, unknown> {
  const { site, commonErrors, json, errorResponse, pathParameter, queryParameters, inlineSchema } = h;
  const floor = pathParameter('floor', inlineSchema(ModerationFloorParams.shape.floor), 'Floor id (`Floor.id`)');
  const user = pathParameter('user', inlineSchema(ModerationUserParams.shape.user), "The commenter's `Author.id`");
  const number = pathParameter('number', { type: 'string', pattern: '^\\d{1,9}$' }, 'Floor number (2 and up)');
  const bodyErrors = {
    413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
    415: errorResponse('Content-Type is not application/json (`validation_failed`)'),
  };
  const noStore = { 'Cache-Control': { schema: { type: 'string' }, description: '`private, no-store`' } };

  /** One operation, keyed by HTTP method, for both routes of a twin pair. */
  const twins: Record<keyof typeof MODERATION_ADMIN_TWINS, Record<string, Operation>> = {
    queue: {
      get: {
        operationId: 'moderationQueue',
        summary: 'The moderation queue: pending floors and reported floors, oldest first',
        description:
          '`kind` keeps one of the two; `page` one thread. Each item has the floor with its content whatever its status, ' +
          'its open reports (count, reasons, newest notes) and why it waits. Pass `next` back as `cursor`.',
        parameters: [site, ...queryParameters(QueueQuery)],
        responses: { 200: { description: 'A page of the queue', headers: noStore, content: json('ModerationQueue') } },
      },
    },
    floor: {
      get: {
        operationId: 'moderationFloor',
        summary: 'A floor in context: the floor, its reports, its parent and the floors around it',
        parameters: [site, floor],
        responses: { 200: { description: 'The floor in context', headers: noStore, content: json('FloorContext') } },
      },
    },
    floorAction: {
      post: {
        operationId: 'moderateFloor',
        summary: 'Approve, hide, delete, restore, pin or unpin a floor',
        description:
          '`hide` and `delete` need a `reason`. Every action but pins settles the open reports and takes the floor out of ' +
          'the queue, and is written to the audit log with who and why. Asking for the state a floor is already in, with ' +
          'nothing waiting, answers `changed: false` and records nothing.',
        parameters: [site, floor],
        requestBody: { required: true, content: json('FloorAction') },
        responses: {
          200: { description: 'The floor after the action', content: json('ActionResult') },
          409: errorResponse('The action does not apply to the floor as it is, e.g. restoring a floor its author deleted (`conflict`)'),
          ...bodyErrors,
        },
      },
    },
    bans: {
      get: {
        operationId: 'moderationBans',
        summary: 'Bans in force, newest first',
        parameters: [site, ...queryParameters(BansQuery)],
        responses: { 200: { description: 'A page of bans', headers: noStore, content: json('BanList') } },
      },
      post: {
        operationId: 'moderationBan',
        summary: 'Ban a commenter, for a time or for good, or shadow-ban them',
        description:
          '`ban`: posting, editing and reporting are refused with 403 (`forbidden`, `details.ban` says until when). ' +
          '`shadow`: they post as usual and see their floors; nobody else does, their earlier floors included. ' +
          'Banning again replaces the end and the reason.',
        parameters: [site],
        requestBody: { required: true, content: json('BanRequest') },
        responses: {
          201: { description: 'The new ban', content: json('Ban') },
          200: { description: 'The ban, replaced', content: json('Ban') },
          ...bodyErrors,
        },
      },
    },
    ban: {
      delete: {
        operationId: 'moderationUnban',
        summary: 'Lift a ban or a shadow-ban (both when `kind` is absent)',
        parameters: [site, user, ...queryParameters(UnbanQuery)],
        responses: { 200: { description: 'The kinds lifted (empty: there was none)', content: json('UnbanResult') } },
      },
    },
    audit: {
      get: {
        operationId: 'moderationAudit',
        summary: 'The audit log, newest first',
        description: 'Every moderation action with who did it and why, automatic hides by reports included.',
        parameters: [site, ...queryParameters(AuditQuery)],
        responses: { 200: { description: 'A page of the log', headers: noStore, content: json('AuditLog') } },
      },
    },
    words: {
      get: {
        operationId: 'moderationWords',
        summary: "The site's banned and suspect words",
        parameters: [site],
        responses: { 200: { description: 'The word lists', headers: noStore, content: json('WordLists') } },
      },
      put: {
        operationId: 'moderationSetWords',
        summary: "Replace the site's banned and suspect words",
        description: 'Words are trimmed and de-duplicated ignoring case and width; posts are checked against the new lists at once.',
        parameters: [site],
        requestBody: { required: true, content: json('WordListsInput') },
        responses: { 200: { description: 'The word lists as stored', content: json('WordLists') }, ...bodyErrors },
      },
    },
    settings: {
      get: {
        operationId: 'moderationSettings',
        summary: "The site's moderation policy: report threshold, pre-moderation, report reasons",
        parameters: [site],
        responses: { 200: { description: 'The policy', content: json('ModerationPolicy') } },
      },
    },
  };

  const moderatorErrors = {
    401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
    403: errorResponse('The reader is not a moderator or admin of this site (`forbidden`)'),
  };
  const adminErrors = {
    401: errorResponse('Missing, malformed, unknown or revoked API key (`unauthorized`)'),
    403: errorResponse('The API key belongs to another site (`forbidden`)'),
  };

  const paths: Record<string, unknown> = {
    [moderationRoutes.report]: {
      post: {
        operationId: 'reportFloor',
        summary: 'Report a floor (举报)',
        description:
          'A signed-in reader, once per floor: reporting again answers 200 and changes nothing. When the site\'s ' +
          '`reportThreshold` distinct readers have reported a floor, it is hidden until a moderator reviews it.',
        security: [{ bearer: [] }],
        parameters: [site, number],
        requestBody: { required: true, content: json('CreateReport') },
        responses: {
          201: { description: 'The report', content: json('ReportReceipt') },
          200: { description: 'This reader had reported the floor already', content: json('ReportReceipt') },
          401: errorResponse('Missing, invalid or expired token, or a visitor token (`unauthorized`)'),
          403: errorResponse('Your own floor, or you are banned (`forbidden`)'),
          409: errorResponse('The floor is deleted (`conflict`)'),
          ...bodyErrors,
          ...commonErrors,
        },
      },
    },
  };
  for (const [name, operations] of Object.entries(twins) as [keyof typeof twins, Record<string, Operation>][]) {
    const reader: Record<string, unknown> = {};
    const admin: Record<string, unknown> = {};
    for (const [method, op] of Object.entries(operations)) {
      reader[method] = { ...op, security: [{ bearer: [] }], responses: { ...op.responses, ...moderatorErrors, ...commonErrors } };
      admin[method] = {
        ...op,
        operationId: `admin${capitalize(op.operationId)}`,
        summary: `${op.summary} (server to server)`,
        security: [{ adminKey: [] }],
        responses: { ...op.responses, ...adminErrors, ...commonErrors },
      };
    }
    paths[moderationRoutes[name]] = reader;
    paths[moderationRoutes[MODERATION_ADMIN_TWINS[name]]] = admin;
  }
  return paths;
}

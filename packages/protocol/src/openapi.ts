import * as z from 'zod/mini';
import { ErrorBody } from './errors.js';
import {
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode,
} from './rich-text.js';
import {
  Author, FloorKind, FloorStatus, QuotedFloor, Floor, Thread, Sort, FloorPage, SiteConfig, Viewer,
  Bootstrap, BootstrapQuery, FloorsQuery, FloorQuery, CreateFloor, SiteId, Role, View, ReplyGroup,
} from './schemas.js';
import { Counts, CountsQuery } from './counts.js';
import { ReactionConfig, ReactionOption } from './reaction-set.js';
import { ReactionState, ReactionWho, SetReaction, VisitorToken, WhoQuery } from './reactions.js';
import { EditFloor, FloorSource, PreviewRequest, PreviewResult } from './edits.js';
import { EventsQuery, FloorCreatedEvent, FloorUpdatedEvent, ReactionsChangedEvent, ThreadEvent } from './events.js';
import { routes } from './routes.js';
import {
  rewardRoutes, AdminEntryParams, AdminLedgerEntry, CheckinResult, CreateShare, Currency, DebitRequest, HistoryQuery,
  Leaderboard, LeaderboardPeriod, LeaderboardQuery, LedgerEntry, LedgerStatus, PointsBalance, PointsHistory, PointsRules,
  PublicRule, RecordVisit, ReverseRequest, RewardAction, RewardCycle, RewardVerify, Share, ShareChannel, VisitResult,
  ShareStatus, ShareStatusQuery,
} from './rewards.js';
import { CreateGuest, GrantedRole, GuestToken, RoleParams, SetRole, SiteRoles, UserRole, identityRoutes } from './identity.js';
import { MODERATION_INPUT_SCHEMAS, MODERATION_OUTPUT_SCHEMAS, moderationPaths } from './openapi-moderation.js';

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas that the
 * server validates with and the client parses with. Lives in its own entry point
 * (`@teahouse/protocol/openapi`) so that browser bundles never include it.
 */

type JsonSchema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/** Named output schemas: every one becomes `components.schemas.<name>`. */
const OUTPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  ErrorBody, Role, Author, FloorKind, FloorStatus, QuotedFloor, Floor, Thread, Sort, FloorPage,
  SiteConfig, Viewer, Bootstrap, View, ReplyGroup, Counts,
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode,
  ThreadEvent, FloorCreatedEvent, FloorUpdatedEvent, ReactionsChangedEvent, PreviewResult, FloorSource,
  ReactionOption, ReactionConfig, ReactionState, ReactionWho, VisitorToken,
  ShareChannel, RewardAction, RewardCycle, RewardVerify, Currency, PublicRule, PointsRules, Share, ShareStatus, VisitResult,
  CheckinResult, PointsBalance, LedgerStatus, LedgerEntry, PointsHistory, LeaderboardPeriod, Leaderboard, AdminLedgerEntry,
  GuestToken, GrantedRole, UserRole, SiteRoles,
  ...MODERATION_OUTPUT_SCHEMAS,
};

/** Request bodies are described as the client must send them (`io: 'input'`). */
const INPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  EditFloor, PreviewRequest, SetReaction, CreateFloor, CreateShare, RecordVisit, DebitRequest, ReverseRequest,
  CreateGuest, SetRole,
  ...MODERATION_INPUT_SCHEMAS,
};

function generate(schemas: Record<string, z.ZodMiniType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const result = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${REF_PREFIX}${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(result.schemas)) {
    // Anonymous schemas shared between named ones land in `__shared.$defs`; lift them into
    // components of their own so every `$ref` points at a component.
    if (id === '__shared') {
      const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
      for (const [defId, def] of Object.entries(defs)) out[`Shared_${defId}`] = def;
      continue;
    }
    const { $schema: _s, $id: _i, ...rest } = schema;
    out[id] = rest;
  }
  return rewriteRefs(out) as Record<string, JsonSchema>;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') {
        out[key] = v.replace(/^#\/components\/schemas\/__shared#\/\$defs\//, `${REF_PREFIX}Shared_`);
      } else {
        out[key] = rewriteRefs(v);
      }
    }
    return out;
  }
  return value;
}

/** Query parameters of a route, one per property of its (input) query schema. */
function queryParameters(schema: z.ZodMiniType): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: s,
  }));
}

/** A schema inlined into a parameter, without the `$schema` a standalone document carries. */
function inlineSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  return rest;
}

function pathParameter(name: string, schema: JsonSchema, description: string): JsonSchema {
  return { name, in: 'path', required: true, description, schema };
}

const ref = (name: string) => ({ $ref: `${REF_PREFIX}${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const errorResponse = (description: string) => ({ description, content: json('ErrorBody') });
/** 429 of the rate limits and flood control (docs/abuse.md). */
const rateLimited = {
  ...errorResponse('Too many requests, or a post too soon after the last one (`rate_limited`, with `details.retryAfter`)'),
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a retry can succeed' } },
};

function toOpenApiPath(path: string): string {
  // The protocol's `{name}` placeholders are already OpenAPI path templates.
  return path;
}

type ErrorResponses = Record<number, ReturnType<typeof errorResponse>>;

/** The rewards API: reader paths take the reader's token, admin paths the site API key. */
function rewardPaths(site: JsonSchema, commonErrors: ErrorResponses): Record<string, unknown> {
  const bearer = [{ bearer: [] }];
  const optionalBearer = [{}, { bearer: [] }];
  const adminKey = [{ adminKey: [] }];
  const tokenRequired = errorResponse('Missing, invalid or expired token (`unauthorized`)');
  const jsonBodyErrors = {
    413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
    415: errorResponse('Content-Type is not application/json (`validation_failed`)'),
  };
  const adminErrors = {
    401: errorResponse('Missing, malformed, unknown or revoked API key (`unauthorized`)'),
    403: errorResponse('The API key belongs to another site (`forbidden`)'),
  };
  const entry = pathParameter('entry', inlineSchema(AdminEntryParams.shape.entry), 'Ledger entry id');
  const cacheControl = (value: string) => ({ 'Cache-Control': { schema: { type: 'string' }, description: `\`${value}\`` } });

  return {
    [toOpenApiPath(rewardRoutes.shares)]: {
      post: {
        operationId: 'createShare',
        summary: "The reader's tracked link for a page and a share channel",
        description:
          'The same link every time for the same reader, page and channel; creates the thread on first use. ' +
          'Where the channel\'s rule is verified by `intent`, the press itself earns points within the rule\'s limits.',
        security: bearer,
        parameters: [site],
        requestBody: { required: true, content: json('CreateShare') },
        responses: {
          201: { description: 'The tracked link and what it earns', content: json('Share') },
          401: tokenRequired,
          ...jsonBodyErrors,
          429: rateLimited,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.sharesMine)]: {
      get: {
        operationId: 'shareStatus',
        summary: "What the reader's shares of a page earn, per channel",
        description:
          'For each channel with an active share rule: its points, what this page earned the reader through it in the ' +
          "rule's current cycle, and whether the rule's limit or the reader's daily cap is used up.",
        security: bearer,
        parameters: [site, ...queryParameters(ShareStatusQuery)],
        responses: {
          200: { description: 'One row per channel', headers: cacheControl('private, no-store'), content: json('ShareStatus') },
          401: tokenRequired,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.visits)]: {
      post: {
        operationId: 'recordVisit',
        summary: 'A page opened through a tracked link',
        description:
          'Send the reader\'s token or the visitor token the widget holds; a visitor token also counts as the visitor id. ' +
          'The sharer earns for distinct visitors other than themselves, within the per-IP window.',
        security: optionalBearer,
        parameters: [site],
        requestBody: { required: true, content: json('RecordVisit') },
        responses: {
          200: { description: 'Whether the visit was recorded as new', content: json('VisitResult') },
          401: errorResponse('The token is invalid or expired (`unauthorized`)'),
          ...jsonBodyErrors,
          429: rateLimited,
          ...commonErrors,
          404: errorResponse('Unknown site or tracked link code (`not_found`)'),
        },
      },
    },
    [toOpenApiPath(rewardRoutes.checkin)]: {
      post: {
        operationId: 'checkin',
        summary: 'Daily check-in',
        description: 'Earns the site\'s `daily_visit` rule within its limits; repeating it changes nothing. No body.',
        security: bearer,
        parameters: [site],
        responses: {
          200: { description: 'What the check-in earned and the balance after it', content: json('CheckinResult') },
          401: tokenRequired,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.pointsMe)]: {
      get: {
        operationId: 'pointsMe',
        summary: "The reader's balance",
        security: bearer,
        parameters: [site],
        responses: {
          200: { description: 'Available and pending points', headers: cacheControl('private, no-store'), content: json('PointsBalance') },
          401: tokenRequired,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.pointsHistory)]: {
      get: {
        operationId: 'pointsHistory',
        summary: "The reader's ledger entries, newest first",
        description: '`limit` is 1 to 100 (default 20). Pass `next` back as `cursor` for the following page; `next` is null at the end.',
        security: bearer,
        parameters: [site, ...queryParameters(HistoryQuery)],
        responses: {
          200: { description: 'A page of entries', headers: cacheControl('private, no-store'), content: json('PointsHistory') },
          401: tokenRequired,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.pointsRules)]: {
      get: {
        operationId: 'pointsRules',
        summary: "The site's currency and reward rules",
        parameters: [site],
        responses: {
          200: { description: 'The rules', headers: cacheControl('public, max-age=60'), content: json('PointsRules') },
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.leaderboard)]: {
      get: {
        operationId: 'leaderboard',
        summary: 'The top 20 earners of a period',
        description: '`period` defaults to `all`.',
        parameters: [site, ...queryParameters(LeaderboardQuery)],
        responses: {
          200: { description: 'The leaderboard', headers: cacheControl('public, max-age=30'), content: json('Leaderboard') },
          ...commonErrors,
          404: errorResponse('Unknown site, or the site has turned its leaderboard off (`not_found`)'),
        },
      },
    },
    [toOpenApiPath(rewardRoutes.adminDebit)]: {
      post: {
        operationId: 'adminDebit',
        summary: "Spend a reader's points (server to server)",
        description:
          'Idempotent by `idempotencyKey`: the same key again answers 200 with the same entry, debited once.',
        security: adminKey,
        parameters: [site],
        requestBody: { required: true, content: json('DebitRequest') },
        responses: {
          201: { description: 'The debit entry, with the balance after it', content: json('AdminLedgerEntry') },
          200: { description: 'The entry an earlier request with this idempotency key made', content: json('AdminLedgerEntry') },
          ...adminErrors,
          409: errorResponse('Insufficient balance, or the idempotency key was used for a different debit (`conflict`)'),
          ...jsonBodyErrors,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(rewardRoutes.adminReverse)]: {
      post: {
        operationId: 'adminReverse',
        summary: 'Reverse a ledger entry (server to server)',
        description: 'Records an entry of the opposite delta. Repeating it answers 200 with the same reversal. The body may be empty.',
        security: adminKey,
        parameters: [site, entry],
        requestBody: { required: false, content: json('ReverseRequest') },
        responses: {
          201: { description: 'The reversal', content: json('AdminLedgerEntry') },
          200: { description: 'The reversal an earlier request made', content: json('AdminLedgerEntry') },
          ...adminErrors,
          409: errorResponse('The entry is itself a reversal (`conflict`)'),
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
          ...commonErrors,
          404: errorResponse('Unknown site or ledger entry (`not_found`)'),
        },
      },
    },
  };
}

/** Guest mode, and the admin API that grants and revokes moderators and admins. */
function identityPaths(site: JsonSchema, commonErrors: ErrorResponses): Record<string, unknown> {
  const adminKey = [{ adminKey: [] }];
  const adminErrors = {
    401: errorResponse('Missing, malformed, unknown or revoked API key (`unauthorized`)'),
    403: errorResponse('The API key belongs to another site (`forbidden`)'),
  };
  const user = pathParameter('user', inlineSchema(RoleParams.shape.user), "The host's user id (the token's `sub`), URL-encoded");
  return {
    [toOpenApiPath(routes.guests)]: {
      post: {
        operationId: 'createGuest',
        summary: 'Start posting as a guest under a nickname',
        description:
          'Only on sites with guest mode on. Answers a server-signed guest token (not a host token: hosts cannot sign one); ' +
          "floors posted with it show the nickname with `role: 'guest'`. Nicknames are trimmed; control and invisible " +
          "characters, reserved words and the names of the site's signed-in readers are refused.",
        parameters: [site],
        requestBody: { required: true, content: json('CreateGuest') },
        responses: {
          201: { description: 'The guest token', content: json('GuestToken') },
          403: errorResponse('The site has guest mode off (`forbidden`)'),
          409: errorResponse("The nickname is reserved or a signed-in reader's name (`name_taken`)"),
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(identityRoutes.adminRoles)]: {
      get: {
        operationId: 'adminListRoles',
        summary: 'Moderators and admins of the site (server to server)',
        description: 'From the site configuration and from grants of this API, merged by user.',
        security: adminKey,
        parameters: [site],
        responses: { 200: { description: 'Every user with a role above reader', content: json('SiteRoles') }, ...adminErrors, ...commonErrors },
      },
    },
    [toOpenApiPath(identityRoutes.adminRole)]: {
      get: {
        operationId: 'adminGetRole',
        summary: "One user's role (server to server)",
        security: adminKey,
        parameters: [site, user],
        responses: { 200: { description: 'The role that counts and where it comes from', content: json('UserRole') }, ...adminErrors, ...commonErrors },
      },
      put: {
        operationId: 'adminGrantRole',
        summary: 'Grant moderator or admin (server to server)',
        description: 'Replaces an earlier grant; the role that counts is the higher of the grant and the site configuration.',
        security: adminKey,
        parameters: [site, user],
        requestBody: { required: true, content: json('SetRole') },
        responses: {
          200: { description: 'The role after the grant', content: json('UserRole') },
          ...adminErrors,
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
          ...commonErrors,
        },
      },
      delete: {
        operationId: 'adminRevokeRole',
        summary: 'Revoke the grant (server to server)',
        description: 'A role set by the site configuration stays until the configuration changes.',
        security: adminKey,
        parameters: [site, user],
        responses: { 200: { description: 'The role after the revocation', content: json('UserRole') }, ...adminErrors, ...commonErrors },
      },
    },
  };
}

/** Builds the OpenAPI 3.1 document for every route in `routes`, `rewardRoutes` and `identityRoutes`. */
export function buildOpenApi(): Record<string, unknown> {
  const schemas = { ...generate(OUTPUT_SCHEMAS, 'output'), ...generate(INPUT_SCHEMAS, 'input') };
  const site = pathParameter('site', inlineSchema(SiteId), 'Site id');
  const bearer = [{ bearer: [] }];
  const optionalBearer = [{}, { bearer: [] }];
  const commonErrors = {
    400: errorResponse('Invalid parameters (`validation_failed`)'),
    404: errorResponse('Unknown site or resource (`not_found`)'),
    500: errorResponse('Unexpected server error (`internal`)'),
  };

  const floorNumber = pathParameter('number', { type: 'string', pattern: '^\\d{1,9}$' }, 'Floor number (2 and up)');
  const paths: Record<string, unknown> = {
    [toOpenApiPath(routes.bootstrap)]: {
      get: {
        operationId: 'bootstrap',
        summary: 'Everything the first paint of a thread needs',
        description:
          'Site configuration, the thread, its first page of floors and, when a valid token is sent, the viewer. ' +
          'Anonymous responses carry an ETag and answer `If-None-Match` with 304.',
        security: optionalBearer,
        parameters: [
          site,
          ...queryParameters(BootstrapQuery),
          { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'The bootstrap',
            headers: { ETag: { schema: { type: 'string' }, description: 'Only on anonymous responses' } },
            content: json('Bootstrap'),
          },
          304: { description: 'Not modified since the ETag sent in If-None-Match' },
          401: errorResponse('The token is invalid or expired (`unauthorized`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.floors)]: {
      get: {
        operationId: 'listFloors',
        summary: 'A page of floors, keyset-paginated',
        parameters: [site, ...queryParameters(FloorsQuery)],
        responses: {
          200: { description: 'A page of floors', content: json('FloorPage') },
          ...commonErrors,
        },
      },
      post: {
        operationId: 'createFloor',
        summary: 'Post a reply floor',
        description: 'Creates the thread on first use. Requires a token signed by the host (HS256, aud = site id).',
        security: bearer,
        parameters: [site],
        requestBody: { required: true, content: json('CreateFloor') },
        responses: {
          201: { description: 'The new floor', content: json('Floor') },
          401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
          409: errorResponse('The same reader posted the same text a moment ago (`duplicate_post`)'),
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
          429: rateLimited,
          415: errorResponse('Content-Type is not application/json (`validation_failed`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.floor)]: {
      get: {
        operationId: 'getFloor',
        summary: 'One floor by its number',
        parameters: [
          site,
          floorNumber,
          ...queryParameters(FloorQuery),
        ],
        responses: {
          200: { description: 'The floor', content: json('Floor') },
          ...commonErrors,
        },
      },
      patch: {
        operationId: 'editFloor',
        summary: 'Edit your own floor within the site\'s edit window',
        description: 'The body goes through the same parser and limits as a new post; the floor gets `editedAt`.',
        security: bearer,
        parameters: [site, floorNumber],
        requestBody: { required: true, content: json('EditFloor') },
        responses: {
          200: { description: 'The edited floor', content: json('Floor') },
          401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
          403: errorResponse('Not your floor (`forbidden`)'),
          409: errorResponse('The edit window has passed, or the floor is deleted (`conflict`)'),
          429: rateLimited,
          ...commonErrors,
        },
      },
      delete: {
        operationId: 'deleteFloor',
        summary: 'Delete your own floor within the edit window, leaving a tombstone',
        description: 'The floor keeps its number and its replies; its body and author are removed.',
        security: bearer,
        parameters: [site, floorNumber, ...queryParameters(FloorQuery)],
        responses: {
          200: { description: 'The tombstone', content: json('Floor') },
          401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
          403: errorResponse('Not your floor (`forbidden`)'),
          409: errorResponse('The edit window has passed, or the floor is already deleted (`conflict`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.counts)]: {
      get: {
        operationId: 'counts',
        summary: 'Reply counts of up to 100 pages in one request',
        description: 'Repeat `page` for each page key (`?page=a&page=b`). Pages without a thread count 0.',
        parameters: [site, ...queryParameters(CountsQuery).map((p) => ({ ...p, style: 'form', explode: true }))],
        responses: {
          200: { description: 'Counts by page key', content: json('Counts') },
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.reactions)]: {
      put: {
        operationId: 'setReaction',
        summary: "Set one of the caller's reactions on a target on or off",
        description:
          'Idempotent: the same state twice changes nothing. Turning on a key of an exclusive group turns the others off. ' +
          'A reader token, or a visitor token where the site allows anonymous reactions.',
        security: bearer,
        parameters: [site],
        requestBody: { required: true, content: json('SetReaction') },
        responses: {
          200: { description: 'Counts and the caller\'s reactions on the target', content: json('ReactionState') },
          401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
          403: errorResponse('Own floor, or a visitor where the site wants a sign-in (`forbidden`)'),
          429: rateLimited,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.reactionsWho)]: {
      get: {
        operationId: 'reactionWho',
        summary: 'The first page of readers who reacted with one key',
        security: optionalBearer,
        parameters: [site, ...queryParameters(WhoQuery)],
        responses: {
          200: { description: 'Names, newest first, and the total', content: json('ReactionWho') },
          403: errorResponse('The site does not show who reacted (`forbidden`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.visitor)]: {
      post: {
        operationId: 'visitor',
        summary: 'A visitor token for anonymous reactions',
        description: 'Only where the site allows anonymous reactions. Send it as the Bearer token of reaction requests.',
        parameters: [site],
        responses: {
          200: { description: 'The token', content: json('VisitorToken') },
          403: errorResponse('The site does not allow anonymous reactions (`forbidden`)'),
          429: rateLimited,
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.events)]: {
      get: {
        operationId: 'events',
        summary: 'Live events of a thread (Server-Sent Events)',
        description:
          'A `text/event-stream`: each message has `id:` (the event id), `event:` (the ThreadEvent type) and `data:` ' +
          '(the ThreadEvent as JSON). Reconnecting with `Last-Event-ID` (or `lastEventId` in the query, e.g. the ' +
          "bootstrap's `lastEventId`) resumes right after that event; without either the stream starts now. " +
          'A comment line is sent every 25 s of silence.',
        parameters: [site, ...queryParameters(EventsQuery), { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'The event stream; each `data:` is a ThreadEvent',
            content: { 'text/event-stream': { schema: { type: 'string', description: 'data: #/components/schemas/ThreadEvent' } } },
          },
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.floorSource)]: {
      get: {
        operationId: 'floorSource',
        summary: 'The Markdown source of your own floor, for editing it',
        security: bearer,
        parameters: [site, floorNumber, ...queryParameters(FloorQuery)],
        responses: {
          200: { description: 'The source', content: json('FloorSource') },
          401: errorResponse('Missing, invalid or expired token (`unauthorized`)'),
          403: errorResponse('Not your floor (`forbidden`)'),
          409: errorResponse('The floor is deleted or hidden (`conflict`)'),
          ...commonErrors,
        },
      },
    },
    [toOpenApiPath(routes.preview)]: {
      post: {
        operationId: 'preview',
        summary: 'Parse a body as a post would be, without saving it',
        description: "The site's length and link limits apply. No token needed.",
        parameters: [site],
        requestBody: { required: true, content: json('PreviewRequest') },
        responses: {
          200: { description: 'The rich text tree', content: json('PreviewResult') },
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
          ...commonErrors,
        },
      },
    },
    ...rewardPaths(site, commonErrors),
    ...identityPaths(site, commonErrors),
    ...moderationPaths({ site, commonErrors, json, errorResponse, pathParameter, queryParameters, inlineSchema }),
    [toOpenApiPath(routes.openapi)]: {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Teahouse API',
      version: '1',
      description: 'Comments, reactions and rewards for article pages. Errors always have the shape `{error: {code, message, details?}}`.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'HS256 JWT signed by the host with a site key (`kid` header optional); aud = site id, sub, name, avatar?, exp, ' +
            'nbf?, iat?. Refusals are 401 with a `token_*` code: token_expired, token_not_yet_valid, token_bad_signature, ' +
            'token_wrong_audience, token_bad_algorithm, token_malformed, token_unknown_key. Also a guest token from ' +
            '`POST …/guests` on sites with guest mode on.',
        },
        adminKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'thk_…',
          description:
            'A site API key (`thk_` and 43 base64url characters), created with `teahouse site add-key <site>`. ' +
            'For server-to-server calls under `/v1/admin/`; never send it from a browser.',
        },
      },
    },
  };
}

import * as z from 'zod/mini';
import { ErrorBody } from './errors.js';
import {
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode,
} from './rich-text.js';
import {
  Author, FloorKind, FloorStatus, QuotedFloor, Floor, Thread, Sort, FloorPage, SiteConfig, Viewer,
  Bootstrap, CreateFloor, Role, View, ReplyGroup,
} from './schemas.js';
import { Counts } from './counts.js';
import { ReactionConfig, ReactionOption } from './reaction-set.js';
import { ReactionState, ReactionWho, SetReaction, VisitorToken } from './reactions.js';
import { EditFloor, FloorSource, PreviewRequest, PreviewResult } from './edits.js';
import { FloorCreatedEvent, FloorUpdatedEvent, ReactionsChangedEvent, ThreadEvent } from './events.js';
import {
  AdminLedgerEntry, CheckinResult, CreateShare, Currency, DebitRequest,
  Leaderboard, LeaderboardPeriod, LedgerEntry, LedgerStatus, PointsBalance, PointsHistory, PointsRules,
  PublicRule, RecordVisit, ReverseRequest, RewardAction, RewardCycle, RewardVerify, Share, ShareChannel, VisitResult,
  ShareStatus,
} from './rewards.js';
import { CreateGuest, GrantedRole, GuestToken, SetRole, SiteRoles, UserRole } from './identity.js';
import {
  ActionResult, AuditActor, AuditAction, AuditEntry, AuditLog, Ban, BanKind, BanList, BanRequest, CreateReport, FloorAction,
  FloorContext, HoldCause, ModeratedFloor, ModerationPolicy, ModerationQueue, Premoderation, QueueKind,
  ReportReason, ReportReceipt, ReportSummary, UnbanResult, WordLists,
} from './moderation.js';
import { CheckResult, Readiness } from './health.js';
import { routeTable } from './api/table.js';
import { errorsOf, type Route, type RouteResponse } from './api/route.js';

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the route table (./api/table.ts) and
 * the same zod schemas that the server validates with and the client parses with. Lives in its own entry point
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
  ReportReason, Premoderation, ModerationPolicy, WordLists, ReportReceipt, ReportSummary, QueueKind, HoldCause, ModeratedFloor,
  ModerationQueue, FloorContext, ActionResult, BanKind, AuditActor, Ban, BanList, UnbanResult, AuditAction,
  AuditEntry, AuditLog, CheckResult, Readiness,
};

/** Request bodies are described as the client must send them (`io: 'input'`). */
const INPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  EditFloor, PreviewRequest, SetReaction, CreateFloor, CreateShare, RecordVisit, DebitRequest, ReverseRequest,
  CreateGuest, SetRole,
  CreateReport, FloorAction, BanRequest, WordListsInput: WordLists,
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
    // Arrays are sent as the same key repeated: `?page=a&page=b`.
    ...(s.type === 'array' || (s.anyOf as JsonSchema[] | undefined)?.some((t) => t.type === 'array') ? { style: 'form', explode: true } : {}),
  }));
}

/** A schema inlined into the document, without the `$schema` a standalone document carries. */
function inlineSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const PATH_PARAMETERS: Record<string, string> = {
  site: 'Site id',
  number: 'Floor number (2 and up)',
  floor: 'Floor id (`Floor.id`)',
  user: "The user: the host's user id (the token's `sub`) under `roles`, the commenter's `Author.id` under `bans`; URL-encoded",
  entry: 'Ledger entry id',
};

function pathParameters(schema: z.ZodMiniObject): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, s]) => ({
    name, in: 'path', required: true, description: PATH_PARAMETERS[name] ?? name, schema: inlineSchema(s as z.ZodMiniType),
  }));
}

const ref = (name: string) => ({ $ref: `${REF_PREFIX}${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('ErrorBody') } } });

/** A component's name by its schema: bodies and answers are referenced, never inlined, when named. */
function namer(schemas: Record<string, z.ZodMiniType>): (schema: z.ZodMiniType) => JsonSchema {
  const names = new Map(Object.entries(schemas).map(([name, schema]) => [schema, name]));
  return (schema) => {
    const name = names.get(schema);
    return name ? ref(name) : inlineSchema(schema);
  };
}
const outputRef = namer(OUTPUT_SCHEMAS);
const inputRef = namer(INPUT_SCHEMAS);

function response(answer: RouteResponse): JsonSchema {
  const headers = Object.entries(answer.headers ?? {}).map(([name, description]) => [name, { schema: { type: 'string' }, description }]);
  const type = answer.contentType ?? 'application/json';
  return {
    description: answer.description,
    ...(headers.length ? { headers: Object.fromEntries(headers) } : {}),
    ...(type === 'text/event-stream'
      // Each message's `data:` is one ThreadEvent as JSON.
      ? { content: { [type]: { schema: { type: 'string', contentMediaType: 'application/json', contentSchema: ref('ThreadEvent') } } } }
      : answer.schema ? { content: { [type]: { schema: outputRef(answer.schema) } } } : {}),
  };
}

const SECURITY: Record<Route['auth'], Record<string, string[]>[]> = {
  none: [],
  optional: [{}, { bearer: [] }],
  signedIn: [{ bearer: [] }],
  reader: [{ bearer: [] }],
  actor: [{ bearer: [] }],
  moderator: [{ bearer: [] }],
  adminKey: [{ adminKey: [] }],
};

/** One operation of the document, from its route table entry. */
function operation(operationId: string, route: Route): JsonSchema {
  const errors = Object.entries(errorsOf(route)).map(([status, description]) => {
    const answer: JsonSchema = errorResponse(description);
    if (status === '429') answer.headers = { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a retry can succeed' } };
    return [status, answer];
  });
  const parameters = [
    ...(route.params ? pathParameters(route.params) : []),
    ...(route.query ? queryParameters(route.query) : []),
    ...Object.entries(route.headers ?? {}).map(([name, h]) => ({ name, in: 'header', required: false, description: h.description, schema: { type: 'string' } })),
  ];
  return {
    operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: SECURITY[route.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: route.body.required ?? true, content: { 'application/json': { schema: inputRef(route.body.schema) } } } }
      : {}),
    responses: {
      ...Object.fromEntries(Object.entries(route.responses).map(([status, answer]) => [status, response(answer)])),
      ...Object.fromEntries(errors),
    },
  };
}

/** Builds the OpenAPI 3.1 document of every route of the route table. */
export function buildOpenApi(): Record<string, unknown> {
  const schemas = { ...generate(OUTPUT_SCHEMAS, 'output'), ...generate(INPUT_SCHEMAS, 'input') };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, route] of Object.entries(routeTable) as [string, Route][]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(name, route);
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Teahouse API',
      version: '1',
      description: 'Comments, reactions and rewards for article pages. Errors always have the shape `{error: {code, message, details?}}`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The Teahouse server that serves this document' }],
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
            'nbf?, iat?, and iss where the site declares an issuer. Refusals are 401 with a `token_*` code: token_expired, ' +
            'token_not_yet_valid, token_bad_signature, token_wrong_audience, token_wrong_issuer, token_bad_algorithm, ' +
            'token_malformed, token_unknown_key. Also a guest token from `POST …/guests` on sites with guest mode on, or a ' +
            'visitor token from `POST …/visitor` where a route takes one.',
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

import * as z from 'zod/mini';
import { ErrorBody } from './errors.js';
import {
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode,
} from './rich-text.js';
import {
  Author, FloorKind, FloorStatus, QuotedFloor, Floor, Thread, Sort, FloorPage, SiteConfig, Viewer,
  Bootstrap, BootstrapQuery, FloorsQuery, FloorQuery, CreateFloor, SiteId, Role,
} from './schemas.js';
import { routes } from './routes.js';

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
  SiteConfig, Viewer, Bootstrap,
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode,
};

/** Request bodies are described as the client must send them (`io: 'input'`). */
const INPUT_SCHEMAS: Record<string, z.ZodMiniType> = { CreateFloor };

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

function pathParameter(name: string, schema: JsonSchema, description: string): JsonSchema {
  return { name, in: 'path', required: true, description, schema };
}

const ref = (name: string) => ({ $ref: `${REF_PREFIX}${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const errorResponse = (description: string) => ({ description, content: json('ErrorBody') });

function toOpenApiPath(path: string): string {
  // The protocol's `{name}` placeholders are already OpenAPI path templates.
  return path;
}

/** Builds the OpenAPI 3.1 document for every route in `routes`. */
export function buildOpenApi(): Record<string, unknown> {
  const schemas = { ...generate(OUTPUT_SCHEMAS, 'output'), ...generate(INPUT_SCHEMAS, 'input') };
  const siteSchema = z.toJSONSchema(SiteId, { io: 'input' }) as JsonSchema;
  delete siteSchema.$schema;
  const site = pathParameter('site', siteSchema, 'Site id');
  const bearer = [{ bearer: [] }];
  const optionalBearer = [{}, { bearer: [] }];
  const commonErrors = {
    400: errorResponse('Invalid parameters (`validation_failed`)'),
    404: errorResponse('Unknown site or resource (`not_found`)'),
    500: errorResponse('Unexpected server error (`internal`)'),
  };

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
          413: errorResponse('Request body over 64 KB (`payload_too_large`)'),
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
          pathParameter('number', { type: 'string', pattern: '^\\d{1,9}$' }, 'Floor number (2 and up)'),
          ...queryParameters(FloorQuery),
        ],
        responses: {
          200: { description: 'The floor', content: json('Floor') },
          ...commonErrors,
        },
      },
    },
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
          description: 'HS256 JWT signed by the host with the site secret; aud = site id, sub, name, avatar?, exp.',
        },
      },
    },
  };
}

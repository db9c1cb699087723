/**
 * The OpenAPI 3.1 document, generated from the wiring table and its zod schemas (so it cannot
 * drift from what the handlers validate). Served by `GET /openapi.json` and rendered by `GET /docs`.
 */
import * as z from '#shared/zod.js';
import { routes, splitRouteKey, type HttpRoute } from '../routes.js';
import { componentSchemas } from '../routes/components.js';

const ERROR_STATUS: Record<number, string> = {
  400: 'Validation failed; `details` names each bad field',
  401: 'Missing, invalid, expired or revoked access token',
  403: 'Authenticated but not allowed',
  404: 'Not found (also for objects owned by someone else)',
  409: 'Conflict with the current state',
  410: 'Gone (sold out)',
  413: 'Body larger than 64 KiB',
  415: 'Body is not application/json',
  422: 'Idempotency-Key reused with a different body',
  429: 'Throttled',
  500: 'Internal error; the body carries only a correlation id',
  503: 'A dependency (the table, the payment provider) is briefly unavailable (SERVICE_UNAVAILABLE); nothing was applied twice: retry after Retry-After, with the same Idempotency-Key where the route takes one (docs/faults.md)',
};

/** Statuses whose answer carries Retry-After. */
const RETRY_AFTER = new Set([429, 503]);

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const REF = '#/components/schemas/';
/** Marks a reference to a component's input side until its name is known (see `nameInputs`). */
const INPUT = '@input';

/** The named schemas, by their id: zod puts each one it meets in `$defs` and references it there. */
const registry = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(componentSchemas)) registry.add(schema, { id });

/**
 * Converts the route table's zod schemas to JSON Schema, collecting the named component schemas they
 * reference: `#/$defs/X` becomes `#/components/schemas/X` (output side) or a marked reference to
 * X's input side (request bodies and parameters), named once every route is converted.
 */
class Converter {
  private readonly defs: Record<Io, Map<string, Json>> = { input: new Map(), output: new Map() };

  jsonSchema(schema: z.core.$ZodType, io: Io): Json {
    const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', metadata: registry }) as Json;
    for (const [id, def] of Object.entries(($defs as Record<string, Json> | undefined) ?? {})) this.defs[io].set(id, retarget(def, io));
    return retarget(rest, io);
  }

  /**
   * The components, and the name of each input side: a schema only read as input keeps its id; one
   * also written as output gets `<id>Input` unless both sides are the same JSON Schema.
   */
  components(): { schemas: Json; inputNames: Map<string, string> } {
    const schemas: Json = Object.fromEntries(this.defs.output);
    const inputNames = new Map<string, string>();
    for (const [id, def] of this.defs.input) {
      const output = this.defs.output.get(id);
      const name = !output || JSON.stringify(def) === JSON.stringify(output) ? id : `${id}Input`;
      inputNames.set(id, name);
      schemas[name] = def;
    }
    return { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))), inputNames };
  }
}

/** Rewrites zod's `#/$defs/X` references to the component X (marked when it is X's input side). */
function retarget(json: Json, io: Io): Json {
  return mapRefs(json, (ref) => (ref.startsWith('#/$defs/') ? `${REF}${ref.slice('#/$defs/'.length)}${io === 'input' ? INPUT : ''}` : ref)) as Json;
}

function mapRefs(value: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, map));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? map(v) : mapRefs(v, map)]));
}

/** Replaces the marked input-side references with the input components' names. */
function nameInputs<T>(value: T, inputNames: ReadonlyMap<string, string>): T {
  return mapRefs(value, (ref) => {
    if (!ref.endsWith(INPUT)) return ref;
    const id = ref.slice(REF.length, -INPUT.length);
    return `${REF}${inputNames.get(id) ?? id}`;
  }) as T;
}

/**
 * A query number (a string of digits the schema parses into a bounded number: `limit`, `minPrice`,
 * `threshold`…) declared as what it is, an integer or number with its bounds, rather than as the
 * string the query carries; a query value is text either way on the wire.
 */
function numericQuery(input: Json, parsed: Json | undefined): Json | undefined {
  const digits = input.type === 'string' && typeof input.pattern === 'string' && input.pattern.startsWith('^\\d');
  const numeric = parsed !== undefined && (parsed.type === 'integer' || parsed.type === 'number');
  if (!digits || !numeric) return undefined;
  // Digits only: never negative, and a whole number unless the pattern allows a decimal point.
  const whole = !(input.pattern as string).includes('\\.');
  const minimum = Math.max(typeof parsed.minimum === 'number' ? parsed.minimum : 0, 0);
  return { ...parsed, type: whole ? 'integer' : parsed.type, minimum };
}

function parameters(convert: Converter, route: HttpRoute, path: string): unknown[] {
  const list: unknown[] = [];
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pathSchema = route.params ? (convert.jsonSchema(route.params, 'input').properties as Record<string, unknown> | undefined) : undefined;
  for (const name of pathParams) list.push({ name, in: 'path', required: true, schema: pathSchema?.[name] ?? { type: 'string' } });
  if (route.query) {
    const query = convert.jsonSchema(route.query, 'input');
    const parsed = (convert.jsonSchema(route.query, 'output').properties as Record<string, Json> | undefined) ?? {};
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, Json> | undefined) ?? {})) {
      list.push({ name, in: 'query', required: required.has(name), schema: numericQuery(schema, parsed[name]) ?? schema });
    }
  }
  if (route.idempotencyKey) {
    list.push({
      name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 },
      description: 'The same key with the same body replays the first answer (24 h); with another body it is 422; a 503 frees the key',
    });
  }
  return list;
}

export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  const convert = new Converter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [routeKey, route] of Object.entries(routes) as [string, HttpRoute][]) {
    const { method, path } = splitRouteKey(routeKey);
    const statuses = new Set<number>([400, 413, 415, 500, 503, ...(route.errors ?? [])]);
    if (route.access !== 'public') statuses.add(401);
    if (route.access === 'admin') statuses.add(403);
    if (!route.body) {
      statuses.delete(413);
      statuses.delete(415);
      if (!route.query && !route.params) statuses.delete(400);
    }
    const responses: Record<string, unknown> = {
      [route.success.status]: {
        description: 'Success',
        ...(route.success.body
          ? { content: { 'application/json': { schema: convert.jsonSchema(route.success.body, 'output') } } }
          : route.success.contentType ? { content: { [route.success.contentType]: { schema: { type: 'string' } } } } : {}),
      },
    };
    if (route.redirect) {
      responses[route.redirect.status] = {
        description: route.redirect.description,
        headers: { Location: { description: 'Where the result is', schema: { type: 'string', format: 'uri' } } },
        ...(route.redirect.body ? { content: { 'application/json': { schema: convert.jsonSchema(route.redirect.body, 'output') } } } : {}),
      };
    }
    for (const status of [...statuses].sort()) {
      const codes = route.errorCodes?.[status];
      responses[status] = {
        description: `${ERROR_STATUS[status] ?? 'Error'}${codes ? ` (${codes.join(', ')})` : ''}`,
        ...(codes ? { 'x-error-codes': codes } : {}),
        ...(RETRY_AFTER.has(status) ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: route.handler.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
      summary: route.summary,
      tags: [route.tag],
      'x-access': route.access,
      ...(route.access === 'public' ? { security: [] } : {}),
      parameters: parameters(convert, route, path),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert.jsonSchema(route.body, 'input') } } } } : {}),
      responses,
    };
  }
  const { schemas, inputNames } = convert.components();
  return nameInputs({
    openapi: '3.1.0',
    info: {
      title: 'Big E-Commerce API',
      version: '1.0.0',
      description: 'Store backend: identity, catalog, cart, orders, payments and the Black Friday flash sale. Money is integer BRL cents.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token' } },
      schemas: {
        ...schemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string', examples: ['OUT_OF_STOCK'] },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  description: 'What was wrong: a 400 names each bad field; a 409 names what conflicted (e.g. sku, requested, available; orderId)',
                  items: {
                    type: 'object',
                    properties: { field: { type: 'string' }, message: { type: 'string' } },
                    additionalProperties: true,
                  },
                },
                correlationId: { type: 'string' },
              },
            },
          },
        },
      },
    },
  }, inputNames);
}

import { z } from 'zod';
import type { Contract, Route } from '../../shared/contract/route.ts';
import { ERROR_CODES } from '../../shared/errors/codes.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/auth.ts';

/**
 * The OpenAPI 3.1 document of the API, generated from the capabilities' contracts
 * (shared/contracts.ts): every route with its roles, parameters, body and answer. Provincial
 * systems and bureaus' own tools integrate against it (GET /api/openapi.json, read at /api/docs).
 */
type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: unknown;
  description?: string;
}
export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: unknown }>; $ref?: string }>;
  security: Record<string, string[]>[];
  'x-roles': 'public' | string[];
  'x-reporter-reach'?: string;
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;

const toSchema = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

/** `/api/zones/:id` → `/api/zones/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function parameters(route: Route): OpenApiParameter[] {
  const out: OpenApiParameter[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const js = toSchema(schema);
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries(props)) {
      const { description, ...schemaOnly } = s;
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: schemaOnly, ...(typeof description === 'string' ? { description } : {}) });
    }
  };
  add('path', route.params);
  // A path parameter the contract does not parse (the handler does) is still a parameter.
  for (const m of route.path.matchAll(/:([A-Za-z]+)/g)) {
    if (!out.some((p) => p.in === 'path' && p.name === m[1])) out.push({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } });
  }
  add('query', route.query);
  if (route.idQuery) {
    for (const p of out) if (p.in === 'query' && route.idQuery.includes(p.name)) p.description = 'an id: canonical decimal digits';
  }
  return out;
}

function requestBody(route: Route): OpenApiOperation['requestBody'] {
  const body = route.body;
  if (!body) return undefined;
  if ('kind' in body && body.kind === 'multipart') {
    const fields = body.fields ? toSchema(body.fields) : { type: 'object', properties: {} };
    const properties = { file: { type: 'string', contentMediaType: 'application/octet-stream', description: body.file }, ...((fields.properties as object) ?? {}) };
    return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties } } } };
  }
  return { required: true, content: { 'application/json': { schema: toSchema(route.bodyDoc ?? (body as z.ZodType)) } } };
}

function responses(route: Route): OpenApiOperation['responses'] {
  const r = route.response;
  const ok: OpenApiOperation['responses'] =
    r.kind === 'json'
      ? { [String(r.status)]: { description: r.description, content: { 'application/json': { schema: r.schema ? toSchema(r.schema) : (r.jsonSchema ?? {}) } } } }
      : r.kind === 'file'
        ? { '200': { description: r.description, content: Object.fromEntries(r.mediaTypes.map((m) => [m, { schema: { type: 'string', contentMediaType: m } }])) } }
        : { '204': { description: r.description } };
  return { ...ok, '4XX': { $ref: '#/components/responses/Error' }, '5XX': { $ref: '#/components/responses/Error' } };
}

function security(route: Route) {
  if (route.roles === 'public') return [];
  return route.method === 'GET' ? [{ session: [] }] : [{ session: [], csrf: [] }];
}

export function openApiDocument(contracts: readonly Contract[], version: string) {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const contract of contracts) {
    for (const [name, route] of Object.entries(contract.routes)) {
      const path = openApiPath(route.path);
      paths[path] ??= {};
      const op: OpenApiOperation = {
        operationId: `${contract.capability}.${name}`,
        tags: [contract.capability],
        summary: route.summary,
        ...(route.note ? { description: route.note } : {}),
        parameters: parameters(route),
        ...(route.body ? { requestBody: requestBody(route) } : {}),
        responses: responses(route),
        security: security(route),
        'x-roles': route.roles === 'public' ? 'public' : [...route.roles],
        ...(route.reporter ? { 'x-reporter-reach': route.reporter } : {}),
      };
      paths[path][route.method.toLowerCase()] = op;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '城镇老旧小区改造 planning and monitoring API',
      version,
      description:
        'Plans, estates, progress reports, demonstration zones, pipeline works and design scopes of urban old-estate renovation programmes. ' +
        'Every error answers `{ error: { code, message, details } }`; `code` is one of the values listed in the Error schema. ' +
        `A session comes from POST /api/auth/login (cookie \`${SESSION_COOKIE}\`); every write also sends the session's CSRF token (GET /api/auth/me) in \`${CSRF_HEADER}\`. ` +
        '`x-roles` on each operation says which roles may call it.',
      license: { name: 'See the repository' },
    },
    servers: [{ url: '/' }],
    tags: contracts.map((c) => ({ name: c.capability, description: c.description })),
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_CODES), description: Object.entries(ERROR_CODES).map(([k, v]) => `${k}: ${v}`).join('\n') },
                message: { type: 'string', description: 'For developers and logs (English); the UI words the code from the details' },
                details: { description: 'What the refusal names: rows, columns, features, parameters, fields, limits' },
              },
            },
          },
        },
      },
      responses: {
        Error: { description: 'A refusal or a fault, in the one error shape', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };
}

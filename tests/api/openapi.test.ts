/**
 * The OpenAPI document (issue 15): valid OpenAPI 3.1, generated from the contracts, covering
 * every route the app registers, with the roles the policy enforces; and its reference page.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ruleFor } from '../../server/auth/policy.ts';
import { testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
type Doc = { openapi: string; paths: Record<string, Record<string, { 'x-roles': string | string[]; operationId: string; parameters: { name: string; in: string }[] }>> };
let doc: Doc;

beforeAll(async () => {
  t = await testApp();
  const res = await t.anonymous.json<Doc>('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(async () => t?.close());

const toOpenApi = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is valid OpenAPI 3.1, for anyone', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('covers every route the app registers, and names only registered routes', () => {
    const app = createApp({ db: t.db, env: { UPLOAD_LIMIT_BYTES: 1, BASEMAP_STYLE_URL: undefined } });
    const registered = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*')).map((r) => `${r.method} ${toOpenApi(r.path.replace(/\/$/, '') || '/')}`),
    );
    expect(registered.size).toBeGreaterThan(50);
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect([...registered].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((d) => !registered.has(d)).sort()).toEqual([]);
  });

  it('states for each operation the roles the policy enforces', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const rule = ruleFor(method.toUpperCase(), path.replace(/\{[^}]+\}/g, '1'));
        expect(rule, `${method} ${path}`).toBeDefined();
        expect(op['x-roles'], `${method} ${path}`).toEqual(rule!.roles === 'public' ? 'public' : [...rule!.roles]);
      }
    }
  });

  it('documents parameters from the contracts: the path id and the zone suggestion query', () => {
    const get = doc.paths['/api/zones/{id}']!.get!;
    expect(get.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
    const suggest = doc.paths['/api/zones/suggest']!.get!;
    expect(suggest.parameters.map((p) => p.name).sort()).toEqual(['district', 'gapMeters', 'minEstates', 'minHouseholds', 'outlines', 'rank', 'year']);
  });
});

describe('GET /api/docs', () => {
  it('is an HTML reference of every route, without scripts', async () => {
    const res = await t.anonymous.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) expect(html, path).toContain(`id="${op.operationId}"`);
    }
    expect(html).toContain('too_many_attempts');
  });
});

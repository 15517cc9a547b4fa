import type { FeatureCollection, LineString } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/engine.ts';
import type { EstateCollection } from '../../shared/estates/contract.ts';
import type { WorkProperties } from '../../shared/pipelines/contract.ts';
import { lineAt } from './support/metres.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * Whoever writes sees their write in their next answer, though the caches hear of it by NOTIFY
 * on another connection, a moment after the commit (server/cache/changes.ts changesHeard). On
 * PostgreSQL that moment once let a planner's list, read right after an import, miss the works
 * just imported (CI, pipelines-crud). Here every notification reaches the app 150 ms late, as on
 * a busy server, and the next request must still see the write, with no waiting or retrying.
 */
const LATE_MS = 150;
const lateNotifications = (db: Database): Database => ({
  ...db,
  listen: (channel, onNotify) => db.listen(channel, (payload) => void setTimeout(() => onNotify(payload), LATE_MS)),
});

const DISTRICT = '360703';
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ wrapDatabase: lateNotifications });
});
afterAll(async () => t?.close());

const send = (method: string, path: string, body: unknown) => t.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Asks twice, so that the second answer comes from the cache (x-cache: hit). */
async function cached<T>(path: string): Promise<T> {
  await t.request(path);
  const res = await t.request(path);
  expect(res.headers.get('x-cache')).toBe('hit');
  return (await res.json()) as T;
}

describe('a write through the API, then the next read from a cached answer', () => {
  it('a new pipeline work is in the next list', async () => {
    const list = `/api/pipelines?district=${DISTRICT}`;
    const before = await cached<FeatureCollection<LineString, WorkProperties>>(list);
    const [{ lon, lat } = { lon: 0, lat: 0 }] = await t.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_Centroid(geom) AS c FROM regions WHERE code = $1) r`,
      [DISTRICT],
    );
    const created = await send('POST', '/api/pipelines', {
      utility: 'gas',
      owner: '即时可见燃气公司',
      districtCode: DISTRICT,
      startDate: '2026-03-01',
      endDate: '2026-04-30',
      geometry: lineAt([lon, lat], [0, 0], [80, 0]),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { properties: { id: number } }).properties.id;
    expect(before.features.some((f) => f.id === id)).toBe(false);

    const after = await t.json<FeatureCollection<LineString, WorkProperties>>(list);
    expect(after.body.features.find((f) => f.id === id)?.properties.owner).toBe('即时可见燃气公司');
  });

  it("a report is in the next estates list, with the report's figures", async () => {
    const list = `/api/estates?district=${DISTRICT}`;
    await cached<EstateCollection>(list);
    const [estate] = await t.db.query<{ id: number; pct: number }>(
      `SELECT e.id, floor(COALESCE(n.progress_pct, 0))::int + 1 AS pct FROM estates e LEFT JOIN estate_newest_report n ON n.estate_id = e.id
       WHERE e.district_code = $1 AND COALESCE(n.progress_pct, 0) < 90 AND COALESCE(n.period, '') < '2026-11' ORDER BY e.id LIMIT 1`,
      [DISTRICT],
    );
    const posted = await send('POST', '/api/reports', { estateId: estate!.id, period: '2026-11', phase: 'construction', progressPct: estate!.pct, completed: false });
    expect(posted.status, await posted.clone().text()).toBe(201);

    const after = await t.json<EstateCollection>(list);
    expect(after.body.features.find((f) => f.id === estate!.id)?.properties).toMatchObject({ progressPct: estate!.pct, reportPeriod: '2026-11' });
  });
});

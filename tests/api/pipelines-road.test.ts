import type { FeatureCollection, LineString } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkProperties } from '../../shared/pipelines/contract.ts';
import { lineAt } from './support/metres.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * A work is named after the road it runs along: the road within ROAD_NAME_METERS (10 m) of whose
 * centre line the longest part of the work lies; none within reach → null.
 */
const DISTRICT = '990104';
const O: [number, number] = [117, 30.3];

let t: TestApp;
const ids: Record<string, number> = {};

async function addRoad(name: string, geometry: ReturnType<typeof lineAt>) {
  await t.db.query(
    `INSERT INTO roads (name, district_code, kind, geom, synthetic) VALUES ($1, $2, 'branch', ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), false)`,
    [name, DISTRICT, JSON.stringify(geometry)],
  );
}

async function addWork(key: string, geometry: ReturnType<typeof lineAt>) {
  const body = { utility: 'water', owner: '测试水务', districtCode: DISTRICT, startDate: '2025-03-01', endDate: '2025-04-30', geometry };
  const res = await t.request('/api/pipelines', { method: 'POST', body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  ids[key] = ((await res.json()) as { id: number }).id;
}

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '测试四区', 'district', 'generated', true)`, [DISTRICT]);
  // 东西路 runs east–west through the origin; 南北路 crosses it at x = 150 m.
  await addRoad('东西路', lineAt(O, [0, 0], [300, 0]));
  await addRoad('南北路', lineAt(O, [150, -100], [150, 100]));
  // Along 东西路, 7 m north of it; its east end comes within 5 m of 南北路 (5 m of the work near it).
  await addWork('along', lineAt(O, [10, 7], [145, 7]));
  // Along 南北路, 3 m east of it, starting 20 m north of 东西路.
  await addWork('cross', lineAt(O, [153, 20], [153, 90]));
  // 40 m from any road.
  await addWork('away', lineAt(O, [20, 40], [120, 40]));
  // 12 m from 东西路: beyond the 10 m reach.
  await addWork('beyond', lineAt(O, [200, -12], [280, -12]));
}, 60_000);
afterAll(async () => t?.close());

describe('a work names its road', () => {
  it('lists each work with the road it runs along, the longest share within 10 m winning over the nearest end', async () => {
    const res = await t.json<FeatureCollection<LineString, WorkProperties>>(`/api/pipelines?district=${DISTRICT}`);
    expect(res.status).toBe(200);
    const road = Object.fromEntries(res.body.features.map((f) => [f.properties.id, f.properties.road]));
    expect(road[ids.along!]).toBe('东西路');
    expect(road[ids.cross!]).toBe('南北路');
    expect(road[ids.away!]).toBeNull();
    expect(road[ids.beyond!]).toBeNull();
  });

  it('gives the road with one work too', async () => {
    const res = await t.json<{ properties: WorkProperties }>(`/api/pipelines/${ids.cross}`);
    expect(res.status).toBe(200);
    expect(res.body.properties.road).toBe('南北路');
  });
});

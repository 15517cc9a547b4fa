import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/auth.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, item 9: `region=` on tiles is a street or a district (as a reporter's region is), the
 * same filter for every role: a district code holds the district's estates, not none; a district
 * reporter needs no `district=` beside it. And a weak `If-None-Match: W/"…"` gets its 304.
 */
let t: TestApp;
const who: Record<string, Client> = {};
/** The z12 tile over the middle of Nankang (several streets); set in beforeAll. */
let TILE = '';
let street: string;
let inTile: { id: number; street_code: string; district_code: string }[];

beforeAll(async () => {
  t = await testApp();
  for (const role of ROLES) who[role] = await t.as(role);
  const [c] = await t.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Centroid(ST_Collect(geom)) AS p FROM estates WHERE district_code = '360703') c`);
  const n = 2 ** 12;
  const lat = (c!.lat * Math.PI) / 180;
  TILE = `12/${Math.floor(((c!.lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n)}`;
  // The estates the unfiltered tile holds, with where they are.
  const all = (await idsIn(who.admin!, '')).ids;
  inTile = await t.db.query(`SELECT id, street_code, district_code FROM estates WHERE id = ANY($1) ORDER BY id`, [all]);
  street = (await t.db.query<{ s: string }>(
    `SELECT street_code AS s FROM estates WHERE id = ANY($1) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    [inTile.map((e) => e.id)],
  ))[0]!.s;
  await t.db.query(`INSERT INTO users (username, password_hash, role, region_code) SELECT 'reporter-tilestreet', password_hash, 'reporter', $1 FROM users WHERE username = 'reporter-360703'`, [street]);
  who.streetReporter = await t.login('reporter-tilestreet');
});
afterAll(async () => t?.close());

async function idsIn(client: Client, query: string): Promise<{ status: number; ids: number[] }> {
  const res = await client.request(`/tiles/estates/${TILE}.mvt${query}`);
  if (res.status !== 200) return { status: res.status, ids: [] };
  const vt = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]);
  const layer = vt.layers.estates;
  return { status: 200, ids: Array.from({ length: layer?.length ?? 0 }, (_, i) => Number(layer!.feature(i).id)).sort((a, b) => a - b) };
}

describe('region= on estate tiles', () => {
  it('the tile of the issue (estates/14/13414/6983): region=360703 holds what district=360703 holds, not nothing', async () => {
    const old = TILE;
    TILE = '14/13414/6983';
    try {
      const district = await idsIn(who.admin!, '?district=360703');
      expect(district.status).toBe(200);
      expect(district.ids.length).toBeGreaterThan(0);
      expect(await idsIn(who.admin!, '?region=360703')).toEqual(district);
      expect(await idsIn(who.reporter!, '?region=360703')).toEqual(district);
    } finally {
      TILE = old;
    }
  });

  it('the fixture tile holds Nankang estates of more than one street', () => {
    const nankang = inTile.filter((e) => e.district_code === '360703');
    expect(nankang.length).toBeGreaterThan(1);
    expect(nankang.some((e) => e.street_code !== street)).toBe(true);
  });

  it('a district code holds the district\'s estates, a street code its street\'s, the same for every staff role', async () => {
    const district = inTile.filter((e) => e.district_code === '360703').map((e) => e.id);
    const ofStreet = inTile.filter((e) => e.street_code === street).map((e) => e.id);
    for (const role of ['admin', 'planner', 'leader', 'designer']) {
      expect(await idsIn(who[role]!, '?region=360703'), role).toEqual({ status: 200, ids: district });
      expect(await idsIn(who[role]!, '?district=360703'), role).toEqual({ status: 200, ids: district });
      expect(await idsIn(who[role]!, `?region=${street}`), role).toEqual({ status: 200, ids: ofStreet });
      expect(await idsIn(who[role]!, `?district=360703&region=360703`), role).toEqual({ status: 200, ids: district });
    }
  });

  it('a district reporter: region=<their district> alone works, as does a street of it; another district does not', async () => {
    const district = inTile.filter((e) => e.district_code === '360703').map((e) => e.id);
    const ofStreet = inTile.filter((e) => e.street_code === street).map((e) => e.id);
    const r = who.reporter!;
    expect(await idsIn(r, '?region=360703')).toEqual({ status: 200, ids: district });
    expect(await idsIn(r, '?district=360703&region=360703')).toEqual({ status: 200, ids: district });
    expect(await idsIn(r, `?region=${street}`)).toEqual({ status: 200, ids: ofStreet });
    expect((await idsIn(r, '?region=150302')).status).toBe(403);
    expect((await idsIn(r, '?region=150302001')).status).toBe(403);
    expect((await idsIn(r, '')).status).toBe(403);
  });

  it('a street reporter: region=<their street> alone works; their district or another street is refused', async () => {
    const ofStreet = inTile.filter((e) => e.street_code === street).map((e) => e.id);
    const s = who.streetReporter!;
    expect(await idsIn(s, `?region=${street}`)).toEqual({ status: 200, ids: ofStreet });
    expect(await idsIn(s, `?district=360703&region=${street}`)).toEqual({ status: 200, ids: ofStreet });
    const other = inTile.find((e) => e.district_code === '360703' && e.street_code !== street)!.street_code;
    for (const q of ['?region=360703', `?region=${other}`, '?district=360703', '']) expect((await idsIn(s, q)).status, q).toBe(403);
  });
});

describe('conditional tile requests', () => {
  it('a weak If-None-Match gets its 304 as the strong one does, in a list too', async () => {
    const path = `/tiles/estates/${TILE}.mvt?region=360703`;
    const first = await t.request(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    for (const header of [etag, `W/${etag}`, `"other", W/${etag}`, `W/"other",${etag}`, '*']) {
      expect((await t.request(path, { headers: { 'If-None-Match': header } })).status, header).toBe(304);
    }
    for (const header of ['"other"', 'W/"other"', etag.slice(0, -2) + '"']) {
      expect((await t.request(path, { headers: { 'If-None-Match': header } })).status, header).toBe(200);
    }
  });
});

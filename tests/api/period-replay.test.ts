import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../shared/progress/periods.ts';
import type { EstateCollection, EstateProperties } from '../../shared/estates/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

// period=YYYY-MM on GET /api/estates and on the estate and building tiles: each estate's figures
// as of the end of that month — the newest revision of its newest report for that month or
// earlier, or none. Expected figures are worked out here from the report rows, in JS.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const NANKANG = '360703';

interface ReportRow {
  period: string;
  revision: number;
  progress_pct: number | null;
  phase: string | null;
  completed: boolean | null;
}

async function estateNamed(name: string) {
  const [e] = await t.db.query<{ id: number; year: number; district: string; lon: number; lat: number }>(
    `SELECT e.id, pl.year, e.district_code AS district, ST_X(ST_PointOnSurface(e.geom)) AS lon, ST_Y(ST_PointOnSurface(e.geom)) AS lat
     FROM estates e JOIN plans pl ON pl.id = e.plan_id WHERE e.name = $1 AND e.district_code = $2`,
    [name, NANKANG],
  );
  return e!;
}

async function reportsOf(estateId: number): Promise<ReportRow[]> {
  return t.db.query<ReportRow>(
    `SELECT period, revision, progress_pct::float8 AS progress_pct, phase, completed FROM progress_reports WHERE estate_id = $1`,
    [estateId],
  );
}

/** The rule, in JS: the newest revision of the newest report at or before the month. */
function asOf(rows: ReportRow[], period: string | null): ReportRow | null {
  const upTo = rows.filter((r) => period === null || r.period <= period);
  upTo.sort((a, b) => (a.period === b.period ? b.revision - a.revision : a.period < b.period ? 1 : -1));
  return upTo[0] ?? null;
}

async function estateProps(id: number, district: string, year: number, period?: string): Promise<EstateProperties> {
  const q = new URLSearchParams({ district, year: String(year) });
  if (period) q.set('period', period);
  const { status, body } = await t.json<EstateCollection>(`/api/estates?${q}`);
  expect(status).toBe(200);
  return body.features.find((f) => f.id === id)!.properties;
}

function expectFigures(props: EstateProperties, report: ReportRow | null) {
  expect({ period: props.reportPeriod, progressPct: props.progressPct, phase: props.phase, completed: props.completed }).toEqual({
    period: report?.period ?? null,
    progressPct: report?.progress_pct ?? null,
    phase: report?.phase ?? null,
    completed: report?.completed ?? null,
  });
}

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/** The progressPct the estates tile (or every building of the estate in the buildings tile) carries. */
async function tileProgress(layerName: 'estates' | 'buildings', e: { id: number; lon: number; lat: number; district: string; year: number }, period?: string) {
  const { z, x, y } = tileOf(e.lon, e.lat, 15);
  const q = new URLSearchParams({ district: e.district, year: String(e.year) });
  if (period) q.set('period', period);
  const res = await t.request(`/tiles/${layerName}/${z}/${x}/${y}.mvt?${q}`);
  expect(res.status).toBe(200);
  const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]);
  const layer = tile.layers[layerName]!;
  const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
  const mine = layerName === 'estates' ? features.filter((f) => Number(f.id) === e.id) : features.filter((f) => f.properties.estateId === e.id);
  expect(mine.length).toBeGreaterThan(0);
  const values = [...new Set(mine.map((f) => (f.properties.progressPct as number | undefined) ?? null))];
  expect(values).toHaveLength(1);
  return values[0];
}

describe('period=YYYY-MM: an estate as of the end of a month', () => {
  it('gives nothing before the first report, the older report between two, the newest revision of a month; tiles agree', async () => {
    const e = await estateNamed('金赣小区');
    const seeded = await reportsOf(e.id);
    const periods = [...new Set(seeded.map((r) => r.period))].sort();
    expect(periods.length).toBeGreaterThanOrEqual(4);
    const first = periods[0]!;
    const last = periods[periods.length - 1]!;

    // A gap: a report three months after the last one, so that the months in between fall between two reports.
    const later = addMonths(last, 3);
    const lastRow = asOf(seeded, last)!;
    const filed = await t.json('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estateId: e.id, period: later, phase: 'maintenance', progressPct: Math.max(100, lastRow.progress_pct ?? 0), completed: true }),
    });
    expect(filed.status).toBe(201);
    // A month with two revisions: a correction of a middle month, with a different figure.
    const middle = periods[Math.floor(periods.length / 2)]!;
    const before = asOf(seeded, middle)!;
    const corrected = Math.min(100, (before.progress_pct ?? 0) + 1.5);
    const revised = await t.json('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estateId: e.id, period: middle, phase: before.phase, progressPct: corrected, completed: false, note: 'corrected after the site visit' }),
    });
    expect(revised.status).toBe(201);
    const rows = await reportsOf(e.id);
    expect(rows.filter((r) => r.period === middle)).toHaveLength(2);

    // Before the first report: no progress at all.
    const none = await estateProps(e.id, e.district, e.year, addMonths(first, -1));
    expectFigures(none, null);
    expect(none.reportSynthetic).toBeNull();
    // Between two reports (the months after `last`, before `later`): the older one.
    const between = await estateProps(e.id, e.district, e.year, addMonths(last, 1));
    expect(between.reportPeriod).toBe(last);
    expectFigures(between, asOf(rows, addMonths(last, 1)));
    // A month with two revisions: the newest.
    const twice = await estateProps(e.id, e.district, e.year, middle);
    expect(twice.progressPct).toBe(corrected);
    expectFigures(twice, asOf(rows, middle));
    // Every month of the history, and the latest without period (the new report).
    for (const p of [...periods, addMonths(last, 2), later]) expectFigures(await estateProps(e.id, e.district, e.year, p), asOf(rows, p));
    expectFigures(await estateProps(e.id, e.district, e.year), asOf(rows, null));
    expect((await estateProps(e.id, e.district, e.year)).reportPeriod).toBe(later);

    // The tiles carry the same figure for the same month (asked after the latest, so a cache
    // keyed without the month would answer the latest).
    for (const layer of ['estates', 'buildings'] as const) {
      expect(await tileProgress(layer, e)).toBe(asOf(rows, null)!.progress_pct);
      expect(await tileProgress(layer, e, addMonths(first, -1))).toBeNull();
      expect(await tileProgress(layer, e, middle)).toBe(corrected);
      expect(await tileProgress(layer, e, addMonths(last, 1))).toBe(asOf(rows, last)!.progress_pct);
      expect(await tileProgress(layer, e, middle)).toBe(corrected);
    }
  });

  it('counts a plan table’s own investment figure from the table’s date on', async () => {
    // Wuhai states money per project (district batch) in a table dated plans.as_of.
    const [w] = await t.db.query<{ id: number; district: string; year: number; as_of: string; planned: number; completed: number }>(
      `SELECT e.id, e.district_code AS district, pl.year, to_char(pl.as_of, 'YYYY-MM') AS as_of,
              pj.planned_investment_wan::float8 AS planned, pj.completed_investment_wan::float8 AS completed
       FROM estates e JOIN plans pl ON pl.id = e.plan_id JOIN projects pj ON pj.id = e.project_id
       WHERE pj.planned_investment_wan > 0 AND pj.completed_investment_wan > 0 AND pl.as_of IS NOT NULL
         AND COALESCE(e.planned_investment_wan, 0) = 0
         AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.estate_id = e.id AND r.completed_investment_wan IS NOT NULL)
       ORDER BY e.id LIMIT 1`,
    );
    expect(w).toBeDefined();
    const rate = w!.completed / w!.planned;
    expect((await estateProps(w!.id, w!.district, w!.year)).investmentRate).toBeCloseTo(rate, 12);
    expect((await estateProps(w!.id, w!.district, w!.year, w!.as_of)).investmentRate).toBeCloseTo(rate, 12);
    expect((await estateProps(w!.id, w!.district, w!.year, addMonths(w!.as_of, -1))).investmentRate).toBe(0);
  });

  it('refuses a month that is not YYYY-MM', async () => {
    for (const bad of ['2024-13', '2024-4', '202404', 'latest']) {
      const api = await t.json<{ error: { code: string } }>(`/api/estates?district=${NANKANG}&period=${bad}`);
      expect(api.status).toBe(400);
      const tile = await t.request(`/tiles/estates/10/843/426.mvt?period=${bad}`);
      expect(tile.status).toBe(400);
    }
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlapsResponse, WorkFeature, WorkInput } from '../../shared/pipelines/contract.ts';
import { conflictsSql, corridorsSql, storedConflictsSql, storedCorridorsSql } from '../../server/pipelines/sql.ts';
import { lineAt } from './support/metres.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * pipeline_conflicts (migration 0023) is kept by triggers on every write of pipeline_works. After
 * random sequences of creates, imports, updates (moves, new dates, new utility, cancellation) and
 * deletes of works a few metres from each other, the stored conflicts and the corridors grouped
 * from them must equal the per-request recomputation from scratch, and GET
 * /api/pipelines/overlaps (which reads the stored ones) must answer exactly that.
 */
const DISTRICT = '990301';
/** A neighbouring district on the same patch: corridors then cross district boundaries. */
const DISTRICT2 = '990302';
const ORIGIN: [number, number] = [117.3, 30.2];
const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '冲突测试区', 'district', 'generated', true)`, [DISTRICT]);
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '冲突测试二区', 'district', 'generated', true)`, [DISTRICT2]);
}, 60_000);
afterAll(async () => t?.close());

/** Works on a 24 × 9 m patch, ends on a 1 × 0.75 m grid: parallels, crossings, near misses at 2.5–3.5 m all happen. */
const point = fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 12 }).map((k) => k * 0.75));
const workArb: fc.Arbitrary<WorkInput> = fc
  .record({
    from: point,
    to: point,
    utility: fc.constantFrom('water', 'power', 'gas'),
    start: fc.integer({ min: 0, max: 240 }),
    days: fc.integer({ min: 0, max: 60 }),
    status: fc.constantFrom('planned', 'planned', 'in_progress', 'cancelled'),
    district: fc.constantFrom(DISTRICT, DISTRICT, DISTRICT, DISTRICT2),
  })
  .filter((w) => w.from[0] !== w.to[0] || w.from[1] !== w.to[1])
  .map((w) => {
    const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);
    return {
      utility: w.utility,
      owner: `测试${w.utility}公司`,
      districtCode: w.district,
      startDate: day(w.start),
      endDate: day(w.start + w.days),
      status: w.status,
      geometry: lineAt(ORIGIN, w.from, w.to),
    } as WorkInput;
  });

type Command =
  | { op: 'create'; work: WorkInput }
  | { op: 'import'; works: WorkInput[] }
  | { op: 'update'; pick: number; work: WorkInput }
  | { op: 'delete'; pick: number }
  // Only the owner (a corridor lists owners) or only the district (corridors are read per district).
  | { op: 'owner'; pick: number; owner: string }
  | { op: 'district'; pick: number };
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: workArb.map((work) => ({ op: 'create' as const, work })) },
  { weight: 1, arbitrary: fc.array(workArb, { minLength: 1, maxLength: 4 }).map((works) => ({ op: 'import' as const, works })) },
  { weight: 3, arbitrary: fc.record({ pick: fc.nat(), work: workArb }).map((c) => ({ op: 'update' as const, ...c })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'delete' as const, pick })) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(), owner: fc.constantFrom('甲公司', '乙公司') }).map((c) => ({ op: 'owner' as const, ...c })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'district' as const, pick })) },
);

/** A work as stored, back as the input that would save it again. */
async function current(id: number): Promise<WorkInput> {
  const res = await t.json<WorkFeature>(`/api/pipelines/${id}`);
  expect(res.status).toBe(200);
  const p = res.body.properties;
  return {
    utility: p.utility, owner: p.owner, districtCode: p.districtCode, startDate: p.startDate, endDate: p.endDate,
    status: p.status, geometry: res.body.geometry,
  } as WorkInput;
}

/**
 * Every run opens with two works of different utilities laid along the same random line over the
 * same days, so it starts with a conflict that the random writes after it may move, cancel or
 * delete: otherwise a run without any conflict says nothing, and how many runs had one was left to
 * chance (a run of 12 once drew only 3).
 */
const conflictingPairArb: fc.Arbitrary<Command> = fc
  .tuple(workArb, fc.constantFrom<['water', 'power'] | ['power', 'gas'] | ['gas', 'water']>(['water', 'power'], ['power', 'gas'], ['gas', 'water']))
  .map(([work, [a, b]]) => ({
    op: 'import' as const,
    works: [
      { ...work, utility: a, owner: `测试${a}公司`, status: 'planned' },
      { ...work, utility: b, owner: `测试${b}公司`, status: 'planned' },
    ] as WorkInput[],
  }));

async function apply(live: Map<number, number>, c: Command) {
  const ids = [...live.keys()];
  if (c.op === 'create') {
    const res = await t.json<WorkFeature>('/api/pipelines', { method: 'POST', body: JSON.stringify(c.work) });
    expect(res.status).toBe(201);
    live.set(res.body.id, res.body.properties.version);
  } else if (c.op === 'import') {
    const fd = new FormData();
    const features = c.works.map(({ geometry, ...properties }) => ({ type: 'Feature', geometry, properties }));
    fd.set('file', new File([JSON.stringify({ type: 'FeatureCollection', features })], 'works.geojson'));
    const res = await t.json<{ ids: number[] }>('/api/pipelines/import', { method: 'POST', body: fd });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const id of res.body.ids) live.set(id, 1);
  } else if (ids.length > 0) {
    const id = ids[c.pick % ids.length]!;
    if (c.op === 'update' || c.op === 'owner' || c.op === 'district') {
      const work =
        c.op === 'update' ? c.work
        : c.op === 'owner' ? { ...(await current(id)), owner: c.owner }
        : await current(id).then((w) => ({ ...w, districtCode: w.districtCode === DISTRICT ? DISTRICT2 : DISTRICT }));
      const res = await t.json<WorkFeature>(`/api/pipelines/${id}`, { method: 'PUT', body: JSON.stringify({ ...work, version: live.get(id) }) });
      expect(res.status).toBe(200);
      live.set(id, res.body.properties.version);
    } else {
      const res = await t.request(`/api/pipelines/${id}?version=${live.get(id)}`, { method: 'DELETE' });
      expect(res.status).toBeLessThan(300);
      live.delete(id);
    }
  }
}

/** The stored answer and the recomputation, for a district (or every work: null). */
async function both(district: string | null) {
  const p = [district, 3, 90];
  const [stored, computed, storedCorridors, computedCorridors] = await Promise.all([
    t.db.query(storedConflictsSql, p),
    t.db.query(conflictsSql, p),
    t.db.query(storedCorridorsSql, p),
    t.db.query(corridorsSql, p),
  ]);
  return { stored, computed, storedCorridors, computedCorridors };
}

describe('pipeline_conflicts, maintained on write', () => {
  it('holds after the migration what a recomputation over every work gives (backfill of the demo works)', async () => {
    const r = await both(null);
    expect(r.computed.length).toBeGreaterThan(0);
    expect(r.stored).toEqual(r.computed);
    expect(r.storedCorridors).toEqual(r.computedCorridors);
  }, 120_000);

  it('misses no conflict between works saved at the same time (on the real server, in parallel transactions)', async () => {
    await t.db.query('DELETE FROM pipeline_works WHERE district_code IN ($1, $2)', [DISTRICT, DISTRICT2]);
    const utilities = ['water', 'power', 'gas'] as const;
    const saves = Array.from({ length: 9 }, (_, k) =>
      t.json<WorkFeature>('/api/pipelines', {
        method: 'POST',
        body: JSON.stringify({
          utility: utilities[k % 3], owner: '测试公司', districtCode: DISTRICT, startDate: '2025-03-01', endDate: '2025-03-31',
          geometry: lineAt(ORIGIN, [0, k * 0.5], [30, k * 0.5]),
        }),
      }),
    );
    for (const res of await Promise.all(saves)) expect(res.status).toBe(201);
    const r = await both(DISTRICT);
    // 9 parallel lines 0.5 m apart, three utilities: every pair of different utilities within 3 m.
    expect(r.computed.length).toBe(24);
    expect(r.stored).toEqual(r.computed);
  }, 120_000);

  it('saves works whose trenches nearly coincide at a shared end (the property below found it)', async () => {
    // Two works along one metre of street, then, from the same end, a 2.25 m and a 0.75 m water
    // work and a power work across them. The corridor's union of 3 m buffers has round ends that
    // nearly coincide: GEOS's floating-point union failed, and on the embedded engine the save
    // was a 500 (CI of stop 22). Migration 0029 unions on a 1 mm grid.
    await t.db.query('DELETE FROM pipeline_works WHERE district_code IN ($1, $2)', [DISTRICT, DISTRICT2]);
    const work = (utility: string, from: [number, number], to: [number, number]) => ({
      type: 'Feature', geometry: lineAt(ORIGIN, from, to),
      properties: { utility, owner: `测试${utility}公司`, districtCode: DISTRICT, startDate: '2025-01-01', endDate: '2025-01-01', status: 'planned' },
    });
    const batches = [
      [work('water', [1, 0], [0, 0]), work('power', [1, 0], [0, 0])],
      [work('water', [0, 0], [0, 2.25]), work('power', [0, 3], [1, 0]), work('water', [0, 0], [0, 0.75])],
    ];
    for (const features of batches) {
      const fd = new FormData();
      fd.set('file', new File([JSON.stringify({ type: 'FeatureCollection', features })], 'works.geojson'));
      const res = await t.json<{ ids: number[] }>('/api/pipelines/import', { method: 'POST', body: fd });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const res = await t.json<OverlapsResponse>(`/api/pipelines/overlaps?district=${DISTRICT}`);
    expect(res.status).toBe(200);
    expect(res.body.corridors.length).toBeGreaterThan(0);
    for (const c of res.body.corridors) {
      expect(c.geometry.type).toMatch(/Polygon/);
      // Laying works one after another never saves more than the works' own length.
      expect(c.trenchMetersSaved).toBeLessThanOrEqual(c.totalLengthMeters);
    }
    const r = await both(DISTRICT);
    expect(r.stored).toEqual(r.computed);
    expect(r.storedCorridors).toEqual(r.computedCorridors);
  }, 120_000);

  it('equals the recomputation from scratch after random writes, and GET /overlaps answers it', async () => {
    let sawConflicts = 0;
    await fc.assert(
      fc.asyncProperty(conflictingPairArb, fc.array(commandArb, { minLength: 3, maxLength: 12 }), conflictingPairArb, async (pair, rest, closing) => {
        // The closing pair, in the district read, keeps at least one conflict at the end of every
        // run: the random writes after the opening pair left none in about half the runs, and a
        // guard on how many runs had one failed by chance (CI).
        const closingInDistrict = { ...closing, works: (closing as Extract<Command, { op: 'import' }>).works.map((w) => ({ ...w, districtCode: DISTRICT })) } as Command;
        const commands = [pair, ...rest, closingInDistrict];
        await t.db.query('DELETE FROM pipeline_works WHERE district_code IN ($1, $2)', [DISTRICT, DISTRICT2]);
        const live = new Map<number, number>();
        for (const c of commands) await apply(live, c);
        const ids = new Set(live.keys());

        const r = await both(DISTRICT);
        expect(r.stored).toEqual(r.computed);
        expect(r.storedCorridors).toEqual(r.computedCorridors);
        const r2 = await both(DISTRICT2);
        expect(r2.stored).toEqual(r2.computed);
        expect(r2.storedCorridors).toEqual(r2.computedCorridors);
        // The corridors table itself (migration 0027), over both districts: the stored corridors
        // of the test's works are the groups of a recomputation over every work.
        const stored = await t.db.query(
          `SELECT c.work_ids AS "workIds", c.owners, c.utilities, c.time_window AS window, c.total_length AS "totalLengthMeters",
                  c.trench_saved AS "trenchMetersSaved", c.geometry
           FROM pipeline_corridors c JOIN pipeline_works w ON w.id = c.id
           WHERE w.district_code IN ($1, $2) ORDER BY c.id`,
          [DISTRICT, DISTRICT2],
        );
        const everyWork = (await t.db.query<{ workIds: number[] }>(corridorsSql, [null, 3, 90])).filter((c) => ids.has(c.workIds[0]!));
        expect(stored).toEqual(everyWork);
        // Rows of the table itself, unrounded, against the recomputation's pairs.
        const raw = await t.db.query<{ a: number; b: number }>(
          `SELECT c.a, c.b FROM pipeline_conflicts c JOIN pipeline_works w ON w.id = c.a JOIN pipeline_works v ON v.id = c.b
           WHERE w.district_code = $1 AND v.district_code = $1 ORDER BY 1, 2`,
          [DISTRICT],
        );
        expect(raw.map((x) => [x.a, x.b])).toEqual((r.computed as { a: number; b: number }[]).map((x) => [x.a, x.b]));
        const res = await t.json<OverlapsResponse>(`/api/pipelines/overlaps?district=${DISTRICT}`);
        expect(res.status).toBe(200);
        expect(JSON.parse(JSON.stringify(res.body.conflicts))).toEqual(JSON.parse(JSON.stringify(r.computed)));
        expect(JSON.parse(JSON.stringify(res.body.corridors))).toEqual(JSON.parse(JSON.stringify(r.computedCorridors)));
        if (r.computed.length > 0) sawConflicts++;
      }),
      { numRuns: RUNS },
    );
    // Every run ends with conflicts to compare, or the property says nothing.
    expect(sawConflicts).toBe(RUNS);
  }, 600_000);
});

/**
 * Property test: the per-street totals kept by triggers (ranking_street_totals, migration 0026)
 * equal a recomputation from scratch (the estates and each one's newest report found in the
 * reports by window functions, not from the kept tables) after random sequences of writes:
 * reports (several in one statement, with and without money), reports withdrawn, estates added
 * one or several per statement, deleted, moved to another street, their households, money and
 * project changed, a plan's estates replaced in one transaction (a re-import), and transactions
 * rolled back. After each sequence, the current ranking read from the totals equals the ranking
 * read from the estates (the month path's SQL), by district and street, for the country, a
 * province, a district and a plan year.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingCtes, rankingRowsSql, rankingTotalSql } from '../../server/progress/stats/ranking-sql.ts';
import { rankingTotalsRowsSql, rankingTotalsTotalSql } from '../../server/progress/stats/ranking-totals-sql.ts';
import { testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cols: string;
let sources: number[] = [];
let places: { district_code: string; street_code: string }[] = [];
let projects: number[] = [];
let clones = 0;

beforeAll(async () => {
  t = await testApp();
  const [c] = await t.db.query<{ cols: string }>(
    `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS cols FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = 'estates' AND column_name <> 'id' AND is_generated = 'NEVER'`,
  );
  cols = c!.cols;
  // Estates to clone: one plain, one with money of its own, one in a project planned as a whole.
  const pick = async (where: string) =>
    (await t.db.query<{ id: number }>(`SELECT e.id FROM estates e LEFT JOIN projects pj ON pj.id = e.project_id WHERE ${where} ORDER BY e.id LIMIT 1`))[0]?.id;
  sources = [
    await pick('true'),
    await pick('e.planned_investment_wan > 0'),
    await pick('pj.planned_investment_wan > 0 AND COALESCE(e.planned_investment_wan, 0) = 0'),
  ].filter((x): x is number => x !== undefined);
  places = await t.db.query(`SELECT DISTINCT district_code, street_code FROM estates ORDER BY district_code, street_code LIMIT 6`);
  projects = (await t.db.query<{ id: number }>(`SELECT id FROM projects ORDER BY id LIMIT 4`)).map((r) => r.id);
});
afterAll(async () => t?.close());

const RECOMPUTED = `
  WITH newest AS (
    SELECT DISTINCT ON (r.estate_id) r.estate_id, r.completed, r.synthetic FROM progress_reports r
    ORDER BY r.estate_id, r.period DESC, r.revision DESC
  ),
  money AS (
    SELECT DISTINCT ON (r.estate_id) r.estate_id, r.completed_investment_wan FROM progress_reports r
    WHERE r.completed_investment_wan IS NOT NULL
    ORDER BY r.estate_id, r.period DESC, r.submitted_at DESC, r.revision DESC
  ),
  span AS (SELECT estate_id, min(period) AS first_period, max(period) AS last_period FROM progress_reports GROUP BY estate_id)
  SELECT e.plan_id, e.district_code, e.street_code, count(*)::int AS estates, (count(*) FILTER (WHERE n.completed))::int AS completed_estates,
         sum(e.households)::text AS households, (count(*) FILTER (WHERE n.synthetic))::int AS synthetic_estates,
         count(e.project_id)::int AS with_project, min(e.project_id) AS min_project, max(e.project_id) AS max_project,
         (count(*) FILTER (WHERE e.planned_investment_wan > 0))::int AS own_units,
         (sum(e.planned_investment_wan) FILTER (WHERE e.planned_investment_wan > 0))::text AS own_planned,
         (sum(COALESCE(m.completed_investment_wan, e.completed_investment_wan, 0)) FILTER (WHERE e.planned_investment_wan > 0))::text AS own_completed,
         min(e.id) AS min_estate_id, min(sp.first_period) AS first_period, max(sp.last_period) AS last_period
  FROM estates e
  LEFT JOIN newest n ON n.estate_id = e.id
  LEFT JOIN money m ON m.estate_id = e.id
  LEFT JOIN span sp ON sp.estate_id = e.id
  GROUP BY e.plan_id, e.district_code, e.street_code
  ORDER BY e.plan_id, e.street_code, e.district_code`;

const MAINTAINED = `
  SELECT plan_id, district_code, street_code, estates, completed_estates, households::text AS households, synthetic_estates,
         with_project, min_project, max_project, own_units, own_planned::text AS own_planned, own_completed::text AS own_completed,
         min_estate_id, first_period, last_period
  FROM ranking_street_totals ORDER BY plan_id, street_code, district_code`;

const MONTHS = Array.from({ length: 12 }, (_, i) => `2031-${String(i + 1).padStart(2, '0')}`);

const reportArb = fc.record({
  slot: fc.nat(5),
  month: fc.constantFrom(...MONTHS),
  day: fc.integer({ min: 0, max: 30 }),
  investment: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  completed: fc.option(fc.boolean(), { nil: null }),
  synthetic: fc.boolean(),
});
type Report = typeof reportArb extends fc.Arbitrary<infer R> ? R : never;

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('report' as const), reports: fc.array(reportArb, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), reports: fc.array(reportArb, { minLength: 1, maxLength: 3 }), slot: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), slot: fc.nat(5), source: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), slot: fc.nat(5), place: fc.nat(5) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      slot: fc.nat(5),
      households: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
      planned: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
      stated: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
      project: fc.option(fc.nat(3), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), slots: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }), source: fc.nat(2) }) },
);

type Q = { query: TestApp['db']['query'] };

/** One INSERT statement for the reports, each the next revision of its estate and month. */
async function report(q: Q, pool: number[], reports: Report[]) {
  const values: unknown[] = [];
  const rows: string[] = [];
  const next = new Map<string, number>();
  for (const r of reports) {
    const estate = pool[r.slot % pool.length]!;
    const key = `${estate}|${r.month}`;
    if (!next.has(key)) {
      const [m] = await q.query<{ n: number }>(`SELECT COALESCE(max(revision), 0) + 1 AS n FROM progress_reports WHERE estate_id = $1 AND period = $2`, [estate, r.month]);
      next.set(key, m!.n);
    }
    const revision = next.get(key)!;
    next.set(key, revision + 1);
    const at = new Date(Date.UTC(2031, 0, 1) + r.day * 12 * 86400_000).toISOString();
    values.push(estate, r.month, revision, r.investment, r.completed, at, r.synthetic);
    const b = values.length - 7;
    rows.push(`($${b + 1}::int, $${b + 2}::text, $${b + 3}::int, $${b + 4}::numeric, $${b + 5}::boolean, $${b + 6}::timestamptz, $${b + 7}::boolean, 'property test')`);
  }
  await q.query(
    `INSERT INTO progress_reports (estate_id, period, revision, completed_investment_wan, completed, submitted_at, synthetic, source)
     VALUES ${rows.join(', ')}`,
    values,
  );
}

/** New estates cloned from a demo estate (every column but the id; names get a number), in one statement. */
async function newEstates(q: Q, source: number, n: number): Promise<number[]> {
  const picked = cols.split(', ').map((col) => (col === 'name' ? `name || ' #' || (g + $2::int)::text` : col)).join(', ');
  const rows = await q.query<{ id: number }>(
    `INSERT INTO estates (${cols}) SELECT ${picked} FROM estates CROSS JOIN generate_series(1, $3::int) g WHERE id = $1 RETURNING id`,
    [source, clones, n],
  );
  clones += n;
  return rows.map((r) => r.id);
}

async function rankingsAgree() {
  const [plan] = await t.db.query<{ region_code: string; year: number; province: string }>(
    `SELECT pl.region_code, pl.year, left(pl.region_code, 2) AS province FROM plans pl JOIN estates e ON e.plan_id = pl.id WHERE e.id = $1`, [sources[0]],
  );
  for (const level of ['district', 'street']) {
    for (const [parent, year] of [[null, null], [plan!.province, null], [plan!.region_code, plan!.year], [null, plan!.year]] as const) {
      const params = [level, parent, year, null];
      const label = JSON.stringify(params);
      expect([label, await t.db.query(rankingTotalsRowsSql, params)]).toEqual([label, await t.db.query(rankingRowsSql, params)]);
      expect([label, await t.db.query(rankingTotalsTotalSql, params)]).toEqual([label, await t.db.query(rankingTotalSql, params)]);
    }
  }
}

describe('ranking_street_totals equals the recomputation from the estates and reports', () => {
  it('the demo data, and a full refresh (the migration backfill) gives the same table', async () => {
    expect(await t.db.query(MAINTAINED)).toEqual(await t.db.query(RECOMPUTED));
    await t.db.query(`SELECT ranking_street_totals_refresh(NULL, NULL, NULL)`);
    expect(await t.db.query(MAINTAINED)).toEqual(await t.db.query(RECOMPUTED));
    await rankingsAgree();
  });

  it("a project's money reported by two of its estates at the same instant: the first estate's figure, on both paths", async () => {
    // Found by the property below: equal period, instant and revision left the order to the plan.
    const [source] = await t.db.query<{ id: number; project_id: number }>(
      `SELECT e.id, e.project_id FROM estates e JOIN projects pj ON pj.id = e.project_id
       WHERE pj.planned_investment_wan > 0 AND COALESCE(e.planned_investment_wan, 0) = 0 ORDER BY e.id LIMIT 1`,
    );
    const [first, second] = await newEstates(t.db, source!.id, 2);
    try {
      const at = '2031-12-15T02:00:00Z';
      // The later estate's row first: the order rows are written in must not matter.
      await t.db.query(
        `INSERT INTO progress_reports (estate_id, period, revision, completed_investment_wan, submitted_at, synthetic, source)
         VALUES ($1, '2031-12', 1, 7, $3, false, 'tie test'), ($2, '2031-12', 1, 3, $3, false, 'tie test')`,
        [second, first, at],
      );
      for (const period of [null, '2031-12']) {
        const [unit] = await t.db.query<{ completed: string }>(`${rankingCtes} SELECT completed::text FROM money WHERE unit_key = $5`, ['district', null, null, period, `p${source!.project_id}`]);
        expect(Number(unit!.completed), String(period)).toBe(3);
      }
      await rankingsAgree();
    } finally {
      await t.db.query(`DELETE FROM estates WHERE id = ANY ($1::int[])`, [[first, second]]);
    }
  });

  it('after random sequences of report and estate writes, re-imports and rollbacks; the rankings read from it agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        const pool: number[] = [];
        for (const s of sources) pool.push(...(await newEstates(t.db, s, 2)));
        try {
          for (const op of ops) {
            if (op.kind === 'report') await report(t.db, pool, op.reports);
            else if (op.kind === 'rollback') {
              await expect(t.db.transaction(async (tx) => {
                await report(tx, pool, op.reports);
                await tx.query(`UPDATE estates SET households = COALESCE(households, 0) + 7 WHERE id = $1`, [pool[op.slot % pool.length]]);
                throw new Error('rolled back on purpose');
              })).rejects.toThrow('rolled back on purpose');
            } else if (op.kind === 'withdraw') {
              const ids = await t.db.query<{ id: number }>(`SELECT id FROM progress_reports WHERE estate_id = ANY ($1::int[]) ORDER BY id`, [pool]);
              if (ids.length) await t.db.query(`DELETE FROM progress_reports WHERE id = $1`, [ids[op.pick % ids.length]!.id]);
            } else if (op.kind === 'delete') {
              const slot = op.slot % pool.length;
              await t.db.query(`DELETE FROM estates WHERE id = $1`, [pool[slot]]);
              pool[slot] = (await newEstates(t.db, sources[op.source % sources.length]!, 1))[0]!;
            } else if (op.kind === 'move') {
              const p = places[op.place % places.length]!;
              await t.db.query(`UPDATE estates SET district_code = $2, street_code = $3 WHERE id = $1`, [pool[op.slot % pool.length], p.district_code, p.street_code]);
            } else if (op.kind === 'edit') {
              await t.db.query(
                `UPDATE estates SET households = $2, planned_investment_wan = $3, completed_investment_wan = $4, project_id = $5 WHERE id = $1`,
                [pool[op.slot % pool.length], op.households, op.planned, op.stated, op.project === null ? null : projects[op.project % projects.length] ?? null],
              );
            } else {
              // A re-import: several estates go with their reports and new ones come, in one transaction.
              const slots = [...new Set(op.slots.map((s) => s % pool.length))];
              await t.db.transaction(async (tx) => {
                await tx.query(`DELETE FROM estates WHERE id = ANY ($1::int[])`, [slots.map((s) => pool[s])]);
                const fresh = await newEstates(tx, sources[op.source % sources.length]!, slots.length);
                slots.forEach((s, i) => (pool[s] = fresh[i]!));
              });
            }
          }
          expect(await t.db.query(MAINTAINED)).toEqual(await t.db.query(RECOMPUTED));
          await rankingsAgree();
        } finally {
          await t.db.query(`DELETE FROM estates WHERE id = ANY ($1::int[])`, [pool]);
        }
      }),
      { numRuns: Number(process.env.TOTALS_RUNS ?? 15) },
    );
    expect(await t.db.query(MAINTAINED)).toEqual(await t.db.query(RECOMPUTED));
  });
});

import { loadSyntheticSet } from '../../geodata/load/load-synthetic.ts';
import { updateWork } from '../../server/pipelines/service.ts';
import { conflictPairsSql, conflictsSql, corridorsSql, storedConflictsSql, storedCorridorsTextSql } from '../../server/pipelines/sql.ts';
import type { WorkInput } from '../../shared/pipelines/contract.ts';
import { timeMedian, type BenchCase, type BenchRow } from '../types.ts';

/** ≈2.7 generated works per estate: 38,000 estates give a little over 100,000 works. */
const ESTATES = 38_000;
const RUNS = 3;
const BUFFER = 3;
const WINDOW = 90;
/** Writes timed for the upkeep row, with the triggers and without them. */
const WRITES = 120;
const WRITE_LIMIT_MS = 50;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

/** Works to rewrite, spread over the table (every k-th id), as WorkInput with the version read. */
const worksToWriteSql = `
  SELECT id, version, utility, owner, district_code AS "districtCode", estate_id AS "estateId",
         project_id AS "projectId", start_date::text AS "startDate", end_date::text AS "endDate", status,
         ST_AsGeoJSON(geom)::json AS geometry
  FROM pipeline_works WHERE id % $1 = 0 AND status <> 'cancelled' ORDER BY id LIMIT $2`;
const shiftDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The index-only reference: the same index search as the conflict query (each work's Mercator
 * box, grown by the buffer, against the GiST index) counting candidate pairs, with no exact
 * distance, no window, no figures.
 */
const indexOnlySql = `
  SELECT count(*)::int AS n
  FROM pipeline_works a
  JOIN pipeline_works b
    ON b.geom_merc && ST_Expand(a.geom_merc, $1::float8 * 1.01 / cos(radians(ST_Y(ST_StartPoint(a.geom)))))
   AND b.id + 0 > a.id`;

export const pipelinesOverlapsCase: BenchCase = {
  name: 'pipelines-overlaps',
  title: 'Dig once: pipeline conflicts over 100,000 works',
  async run({ db, url, log }) {
    const loaded = await loadSyntheticSet(url, { estates: ESTATES, province: '36', log });
    log(`loaded in ${loaded.seconds.toFixed(0)} s: ${JSON.stringify(loaded.counts)}`);
    await db.exec('ANALYZE');
    const works = loaded.counts.pipelines;

    let candidates = 0;
    const reference = await timeMedian(RUNS, async () => {
      candidates = (await db.query<{ n: number }>(indexOnlySql, [BUFFER]))[0]!.n;
    });
    let pairs = 0;
    const pairsOnly = await timeMedian(RUNS, async () => {
      pairs = (await db.query(conflictPairsSql, [null, BUFFER, WINDOW])).length;
    });
    let conflicts = 0;
    const full = await timeMedian(RUNS, async () => {
      conflicts = (await db.query(conflictsSql, [null, BUFFER, WINDOW])).length;
    });
    let corridors = 0;
    let corridorRows: unknown[] = [];
    const grouped = await timeMedian(RUNS, async () => {
      corridorRows = await db.query(corridorsSql, [null, BUFFER, WINDOW]);
      corridors = corridorRows.length;
    });
    let stored = 0;
    const storedRead = await timeMedian(RUNS, async () => {
      stored = (await db.query(storedConflictsSql, [null, BUFFER, WINDOW])).length;
    });
    let storedGroups = 0;
    // As the API reads them: one JSON array text, sent on as it is (server/pipelines/service.ts).
    let storedCorridorsText = '';
    const storedGrouped = await timeMedian(RUNS, async () => {
      storedCorridorsText = (await db.query<{ body: string }>(storedCorridorsTextSql, [null, BUFFER, WINDOW]))[0]!.body;
    });
    const storedCorridorRows = JSON.parse(storedCorridorsText) as unknown[];
    storedGroups = storedCorridorRows.length;
    if (stored !== conflicts || storedGroups !== corridors) throw new Error(`stored ${stored}/${storedGroups} ≠ computed ${conflicts}/${corridors}`);
    // The stored corridors must be the recomputation's, figures and outlines included.
    if (JSON.stringify(storedCorridorRows) !== JSON.stringify(corridorRows)) throw new Error('stored corridors differ from the recomputation');
    log(`candidates ${candidates}, pairs ${pairs}, conflicts ${conflicts}, corridors ${corridors}`);

    // One write = what PUT /api/pipelines/:id does (service.updateWork: reference check, UPDATE,
    // one transaction), moving the work's window by a week so that its conflicts change; the same
    // writes timed with the upkeep trigger disabled give the cost of the write alone.
    type Row = WorkInput & { id: number; version: number };
    const timeWrites = async (rows: Row[], days: number) => {
      const times: number[] = [];
      for (const { id, version, ...w } of rows) {
        const t0 = performance.now();
        await updateWork(db, id, version, { ...w, startDate: shiftDays(w.startDate, days), endDate: shiftDays(w.endDate, days) });
        times.push(performance.now() - t0);
      }
      return times;
    };
    const step = Math.max(1, Math.floor(works / WRITES));
    const withUpkeep = await timeWrites(await db.query<Row>(worksToWriteSql, [step, WRITES]), 7);
    await db.exec('ALTER TABLE pipeline_works DISABLE TRIGGER pipeline_conflicts_update, DISABLE TRIGGER pipeline_corridors_update');
    const bare = await timeWrites(await db.query<Row>(worksToWriteSql, [step, WRITES]), -7);
    await db.exec('ALTER TABLE pipeline_works ENABLE TRIGGER pipeline_conflicts_update, ENABLE TRIGGER pipeline_corridors_update');
    const writeP95 = p95(withUpkeep);
    const bareP95 = p95(bare);
    log(`writes: p95 ${writeP95.toFixed(1)} ms with upkeep, ${bareP95.toFixed(1)} ms without`);

    const s = (t: number) => `${(t / 1000).toFixed(2)} s`;
    const ref = `index-only && join (${candidates.toLocaleString('en')} box pairs): ${s(reference)}`;
    const rows: BenchRow[] = [
      {
        metric: `conflict pairs (exact 3 m, 90 days, different utilities), ${works.toLocaleString('en')} works → ${pairs.toLocaleString('en')} pairs`,
        value: s(pairsOnly),
        limit: ref,
        ratio: pairsOnly / reference,
        aim: '≤ 2× the index-only join',
        met: pairsOnly / reference <= 2,
      },
      {
        metric: `conflicts with figures recomputed from scratch (shared length, kind, crossing point in UTM; other parameters than 3 m / 90 days), ${conflicts.toLocaleString('en')} conflicts`,
        value: s(full),
        limit: ref,
        ratio: full / reference,
        aim: '≤ 2× the index-only join',
        met: full / reference <= 2,
      },
      {
        metric: `conflicts with figures read from pipeline_conflicts (maintained on write), ${stored.toLocaleString('en')} conflicts`,
        value: s(storedRead),
        limit: ref,
        ratio: storedRead / reference,
        aim: '≤ 2× the index-only join',
        met: storedRead / reference <= 2,
      },
      {
        metric: `corridors read from pipeline_corridors (maintained on write, migration 0027) as the JSON text the API sends, ${(storedCorridorsText.length / 2 ** 20).toFixed(1)} MiB, ${storedGroups.toLocaleString('en')} corridors`,
        value: s(storedGrouped),
        limit: ref,
        ratio: storedGrouped / reference,
        aim: '≤ 2× the index-only join',
        met: storedGrouped / reference <= 2,
      },
      {
        metric: `one pipeline write with its conflict and corridor upkeep (PUT of a work, window moved a week), p95 of ${withUpkeep.length} (the same writes without upkeep: p95 ${bareP95.toFixed(1)} ms)`,
        value: `${writeP95.toFixed(1)} ms`,
        limit: `${WRITE_LIMIT_MS} ms`,
        ratio: writeP95 / WRITE_LIMIT_MS,
        aim: 'p95 < 50 ms',
        met: writeP95 < WRITE_LIMIT_MS,
      },
      {
        metric: `corridors recomputed from scratch (connected groups, joint window, trench saved), ${corridors.toLocaleString('en')} corridors`,
        value: s(grouped),
        limit: ref,
        ratio: grouped / reference,
        aim: 'reported (the issue sets no aim)',
        met: null,
      },
    ];
    return {
      rows,
      notes: [
        `Data: generated Jiangxi set, ${loaded.counts.estates.toLocaleString('en')} estates, ${works.toLocaleString('en')} pipeline works, ${loaded.counts.roads.toLocaleString('en')} roads, loaded by COPY in ${loaded.seconds.toFixed(0)} s; median of ${RUNS} runs, all works of the province at once (no district filter).`,
        'Maintained (migration 0023): pipeline_conflicts holds every conflict with its figures for the default parameters (3 m, 90 days), kept by statement-level triggers on pipeline_works in the writing transaction. GET /api/pipelines/overlaps with those parameters reads it (row 3: a read of 52,833 rows with their points, well under the && join); the property test tests/api/pipeline-conflicts-maintained.test.ts checks on both engines that it equals the recomputation (row 2) after random writes. The bench checks that both give as many conflicts and corridors.',
        'One write (row 5): the upkeep drops the rows of the written work and searches the GiST index around it, computing the figures of the few pairs it finds; it takes a transaction lock so that works saved at the same time see each other. The same writes with the trigger disabled give the cost of the write itself. A first version joined the pairs back to pipeline_works by id, which the planner did as scans of the whole table (≈4× slower per write); the pairs now carry both works along.',
        'Corridors (row 4, migration 0027): pipeline_corridors holds every corridor with its figures and joint-trench outline as answered (GeoJSON text), and pipeline_corridor_members each work\'s corridor, kept by statement-level triggers that run after the conflict upkeep in the same transaction: a write regroups only the corridors of the written works and of the works they now share a trench with, and recomputes those corridors\' union and trench saved. The read is then a scan of stored rows, aggregated in the database into the one JSON array text the API sends on without parsing it (the outlines are most of its bytes; for one district: stored corridors wholly in it as stored, the rare corridor crossing its boundary regrouped from its in-district conflicts). Before, corridors were grouped per request from the stored conflicts at 3–4× the join. The bench checks that the stored corridors equal the recomputation (row 6) as JSON, and tests/api/pipeline-conflicts-maintained.test.ts checks it on both engines after random writes (over two districts, owner and district changes included). Row 5 now includes the corridor upkeep.',
        `Noise: the machine is shared (other benches and test suites run at the same time on its 2 cores); the same writes without upkeep (row 5) took p95 ${bareP95.toFixed(1)} ms in this run against 4.5 ms on a quiet machine, which says how loaded it was. Ratios are taken within one run, but a loaded run still moves them.`,
        'Recomputed from scratch (row 2, still used for other parameters): the index-only join only compares boxes, while each conflict needs two buffers and three overlays in UTM (shared length both ways, the crossing point). The pairs alone (row 1) meet 2×.',
        'Both queries search the GiST index on the generated Web Mercator column (migration 0003) with the buffer divided by cos(latitude) (1 % margin); the conflict query carries the window and utility conditions in the same probe, and transforms to UTM (exact 3 m test, shared length, crossing point) only the pairs that remain.',
      ],
    };
  },
};

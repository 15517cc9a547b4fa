/**
 * Loads a generated data set (geodata/generate) into a migrated database on the real server
 * through COPY: regions, one plan per district, projects, estates, buildings, roads, pipeline
 * works and the monthly report history. Everything it writes is synthetic and says so.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import postgres from 'postgres';
import { generateByDistrict } from '../generate/index.ts';
import { syntheticInput } from '../generate/synthetic.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopySpool } from './copy-rows.ts';
import { lineStringEwkt, multiPolygonEwkt } from './ewkt.ts';
import { lockDataDir } from '../../server/db/dir-lock.ts';
import { rebuildStoredSql } from '../../server/pipelines/sql.ts';

export const SETS = {
  /** A province: Jiangxi, 30,000 estates (≈310,000 buildings, ≈80,000 pipeline works). */
  province: { estates: 30_000, province: '36' },
  /** The country: 300,000 estates (≈3.1 million buildings), spread by population. */
  national: { estates: 300_000, province: undefined },
} as const;

export interface LoadOptions {
  estates: number;
  province?: string;
  estatesPerDistrict?: number;
  seed?: number;
  log?: (message: string) => void;
}

export type LoadCounts = Record<'regions' | 'plans' | 'projects' | 'estates' | 'buildings' | 'roads' | 'pipelines' | 'reports', number>;

const SOURCE = 'synthetic benchmark set (geodata/generate)';

/** One transaction on either engine: plain SQL, and COPY of a spooled file. */
interface Session {
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  copy(spool: CopySpool): Promise<number>;
}

/** Where to load: a database on the real server (URL), or an embedded PGlite data directory. */
export type LoadTarget = { url: string } | { pgliteDir: string };

async function inTransaction(target: LoadTarget, fn: (s: Session) => Promise<void>): Promise<void> {
  if ('url' in target) {
    const sql = postgres(target.url, { max: 1, onnotice: () => {} });
    const monitor = postgres(target.url, { max: 1, onnotice: () => {} });
    let rejected = '';
    try {
      await sql.begin(async (tx) => {
        const [{ pid }] = (await tx`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }];
        // A failed COPY leaves the session aborted and the client waiting (see CopySpool.copy):
        // end it from outside, which rolls the transaction back and frees the client.
        const failed = async () => {
          const [row] = await monitor`SELECT state FROM pg_stat_activity WHERE pid = ${pid}`;
          if (row?.state !== 'idle in transaction (aborted)') return false;
          rejected = (await monitor`SELECT query FROM pg_stat_activity WHERE pid = ${pid}`)[0]?.query ?? 'COPY';
          await monitor`SELECT pg_terminate_backend(${pid})`;
          return true;
        };
        await fn({ query: async (text) => [...(await tx.unsafe(text))] as never[], copy: (spool) => spool.copy(tx, failed) });
      });
      await sql`ANALYZE`;
    } catch (err) {
      if (!rejected) throw err;
      throw new Error(`The server rejected "${rejected.slice(0, 80)}…" and nothing was loaded; its log names the row and the reason`);
    } finally {
      await Promise.all([sql.end({ timeout: 5 }), monitor.end({ timeout: 5 })]);
    }
    return;
  }
  // PGlite takes COPY input as a blob in memory ('/dev/blob'). The directory is ours while loading.
  const lock = lockDataDir(target.pgliteDir, 'geodata loader');
  const pg = await PGlite.create(`file://${target.pgliteDir}`, { extensions: { postgis } }).catch((e) => {
    lock.release();
    throw e;
  });
  try {
    await pg.transaction(async (tx) => {
      await fn({
        query: async (text) => (await tx.query(text)).rows as never[],
        async copy(spool) {
          await spool.close();
          await tx.query(`COPY ${spool.table} (${spool.columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([readFileSync(spool.path)]) });
          return spool.rows;
        },
      });
    });
    await pg.exec('ANALYZE');
  } finally {
    await pg.close();
    lock.release();
  }
}

export async function loadSyntheticSet(target: LoadTarget | string, opts: LoadOptions): Promise<{ counts: LoadCounts; seconds: number }> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const input = syntheticInput({ estates: opts.estates, seed: opts.seed ?? 1, province: opts.province, estatesPerDistrict: opts.estatesPerDistrict, reportUntil: '2025-12' });
  const counts = {} as LoadCounts;
  const dir = mkdtempSync(join(tmpdir(), 'estates-load-'));
  const spool = (table: string, columns: string[]) => new CopySpool(table, columns, join(dir, `${table}.tsv`));
  try {
    await inTransaction(typeof target === 'string' ? { url: target } : target, async (tx) => {
      // Indexes are built once after the load, which is several times faster than row by row.
      const indexes = await tx.query<{ def: string; name: string }>(`
        SELECT indexdef AS def, indexname AS name FROM pg_indexes
        WHERE schemaname = 'public' AND tablename IN ('estates', 'buildings', 'roads', 'pipeline_works', 'progress_reports', 'regions')
          AND indexdef NOT LIKE '%UNIQUE%'`);
      for (const i of indexes) await tx.query(`DROP INDEX ${i.name}`);
      // The conflicts of the loaded works (pipeline_conflicts, migration 0023) are computed once the
      // GiST indexes are back: the insert trigger would search 100,000 works without an index.
      await tx.query('ALTER TABLE pipeline_works DISABLE TRIGGER pipeline_conflicts_insert');
      await tx.query('ALTER TABLE pipeline_works DISABLE TRIGGER pipeline_corridors_insert');

      // Provinces may exist already (the demo seed loads the real outlines): add what is missing.
      const existing = new Set((await tx.query<{ code: string }>(`SELECT code FROM regions`)).map((r) => r.code));
      const outlines = new Map<string, string>();
      const chunks = generateByDistrict(input);
      const regionsCopy = spool('regions', ['code', 'name', 'level', 'parent_code', 'code_source', 'centre', 'synthetic']);
      for (const r of input.regions) {
        if (existing.has(r.code)) continue;
        const centre = r.centre ? `SRID=4326;POINT(${r.centre[0]} ${r.centre[1]})` : null;
        await regionsCopy.write([r.code, r.name, r.level, r.parentCode, r.level === 'province' ? 'nbs2023' : 'generated', centre, r.level !== 'province']);
      }
      counts.regions = await tx.copy(regionsCopy);

      // Plans (one per district and year) and projects get explicit ids so that children can refer to them.
      const maxId = async (table: string) => Number((await tx.query<{ m: number }>(`SELECT COALESCE(max(id), 0) AS m FROM ${table}`))[0]!.m);
      const base = await maxId('plans');
      const pbase = await maxId('projects');
      const ebase = await maxId('estates');
      const planIds = new Map<string, number>();
      const projectIds = new Map<string, number>();
      const plans = spool('plans', ['id', 'slug', 'region_code', 'year', 'title', 'source']);
      const projects = spool('projects', ['id', 'plan_id', 'name', 'district_code', 'source']);
      for (const e of input.estates) {
        const planKey = `${e.districtCode}-${e.planYear}`;
        let planId = planIds.get(planKey);
        if (planId === undefined) {
          planId = base + planIds.size + 1;
          planIds.set(planKey, planId);
          await plans.write([planId, `synthetic-${planKey}`, e.districtCode, e.planYear, `${e.planYear}年度老旧小区改造计划（合成）`, SOURCE]);
        }
        if (e.projectKey && !projectIds.has(`${planId}|${e.projectKey}`)) {
          const id = pbase + projectIds.size + 1;
          projectIds.set(`${planId}|${e.projectKey}`, id);
          await projects.write([id, planId, e.projectKey, e.districtCode, SOURCE]);
        }
      }
      counts.plans = await tx.copy(plans);
      counts.projects = await tx.copy(projects);

      const meta = new Map(input.estates.map((e) => [e.id, e]));
      const estates = spool('estates', [
        'id', 'plan_id', 'project_id', 'name', 'district_code', 'street_code', 'community_code', 'households',
        'building_count', 'floor_area_m2', 'source', 'geom', 'geom_synthetic',
      ]);
      const buildings = spool('buildings', ['estate_id', 'number', 'floors', 'households', 'geom', 'synthetic']);
      const roads = spool('roads', ['name', 'district_code', 'kind', 'last_paved_on', 'paving_kind', 'geom', 'synthetic']);
      const pipelines = spool('pipeline_works', [
        'utility', 'owner', 'district_code', 'estate_id', 'start_date', 'end_date', 'status', 'geom', 'synthetic',
      ]);
      const reports = spool('progress_reports', [
        'estate_id', 'period', 'phase', 'progress_pct', 'completed_investment_wan', 'completed', 'submitted_at', 'source', 'synthetic',
      ]);
      let districts = 0;
      for (const chunk of chunks) {
        for (const o of chunk.outlines) outlines.set(o.code, multiPolygonEwkt(o.geometry));
        for (const g of chunk.estates) {
          const e = meta.get(g.estateId)!;
          const planId = planIds.get(`${e.districtCode}-${e.planYear}`)!;
          const projectId = e.projectKey ? projectIds.get(`${planId}|${e.projectKey}`) : null;
          await estates.write([
            ebase + e.id, planId, projectId, e.name, e.districtCode, e.streetCode, e.communityCode, e.households,
            e.buildingCount, e.floorAreaM2, SOURCE, multiPolygonEwkt(g.geometry), true,
          ]);
        }
        for (const b of chunk.buildings) await buildings.write([ebase + b.estateId, b.number, b.floors, b.households, multiPolygonEwkt(b.geometry), true]);
        for (const r of chunk.roads) await roads.write([r.name, r.districtCode, r.kind, r.lastPavedOn, r.pavingKind, lineStringEwkt(r.geometry), true]);
        for (const p of chunk.pipelines) {
          await pipelines.write([
            p.utility, p.owner, p.districtCode, p.estateId === null ? null : ebase + p.estateId, p.startDate, p.endDate, p.status,
            lineStringEwkt(p.geometry), true,
          ]);
        }
        for (const r of chunk.reports) {
          await reports.write([ebase + r.estateId, r.period, r.phase, r.progressPct, r.completedInvestmentWan, r.completed, r.submittedAt, SOURCE, true]);
        }
        if (++districts % 50 === 0) log(`${districts} districts generated`);
      }
      log('copying');
      counts.estates = await tx.copy(estates);
      counts.buildings = await tx.copy(buildings);
      counts.roads = await tx.copy(roads);
      counts.pipelines = await tx.copy(pipelines);
      counts.reports = await tx.copy(reports);

      // Outlines arrive with the districts; one UPDATE from a COPY-filled temporary table.
      await tx.query(`CREATE TEMPORARY TABLE outline_load (code text PRIMARY KEY, geom geometry(MultiPolygon, 4326)) ON COMMIT DROP`);
      const outlineCopy = spool('outline_load', ['code', 'geom']);
      for (const [code, ewkt] of outlines) await outlineCopy.write([code, ewkt]);
      await tx.copy(outlineCopy);
      await tx.query(`UPDATE regions r SET geom = o.geom FROM outline_load o WHERE r.code = o.code`);

      log('building indexes');
      for (const i of indexes) await tx.query(i.def);
      await tx.query('ALTER TABLE pipeline_works ENABLE TRIGGER pipeline_conflicts_insert');
      await tx.query('ALTER TABLE pipeline_works ENABLE TRIGGER pipeline_corridors_insert');
      log('pipeline conflicts');
      await tx.query('ANALYZE pipeline_works');
      // Every conflict and corridor recomputed in one pass (the per-write upkeep is planned for a
      // few written works, not for hundreds of thousands).
      for (const statement of rebuildStoredSql) await tx.query(statement);
      for (const t of ['plans', 'projects', 'estates']) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
      }
      log('commit and analyze');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { counts, seconds: (performance.now() - started) / 1000 };
}

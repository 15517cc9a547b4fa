import type { Queryable } from '../db/engine.ts';
import { importPlanInto } from '../plans/import/service.ts';
import { readAnnex, type AnnexPlan } from '../plans/table/milestone-annex.ts';
import { annexContextSql } from '../milestones/sql.ts';
import { readPhrase } from '../../shared/milestones/phrases.ts';
import { readSeedGrid } from './seed-plans.ts';

/**
 * Facts the documents state in prose rather than in a plan table: Haimen's targets and its
 * resettlement projects (套, no estates), targets of the other programmes, Beilun's quarterly
 * milestones (annex 1 as written, and what its row 1 plans for the 29 estates), Jiangkou's
 * "2023年12月底前基本建成", and totals the documents state, kept as stated.
 */
export async function loadDocumentFacts(tx: Queryable): Promise<{ estates: number }> {
  const haimen = await loadHaimen(tx);
  await loadTargets(tx);
  await loadBeilunMilestones(tx);
  await loadJiangkouMilestones(tx);
  await loadStatedFigures(tx);
  return { estates: haimen };
}

type Row = Record<string, string>;
const rows = (file: string): Row[] => {
  const [header, ...body] = readSeedGrid(file);
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
};

const HAIMEN_SOURCE = 'seed 000 (海门区 海政办发〔2021〕37号), 一、任务分解';

async function loadHaimen(tx: Queryable): Promise<number> {
  const projects = rows('haimen-2021-projects.csv');
  // The two old estates go through the plan importer like every other estate.
  const estates = projects.filter((p) => p['类别'] === '老旧小区改造');
  const result = await importPlanInto(tx, {
    regionCode: '320614',
    year: 2021,
    slug: 'haimen-2021',
    title: '2021年海门区老旧小区改造',
    titleEn: 'Haimen 2021',
    document: '海政办发〔2021〕37号',
    issuedOn: '2021-05-07',
    source: HAIMEN_SOURCE,
    fileName: 'haimen-2021-projects.csv',
    grid: [
      ['序号', '所在街道', '小区名称', '改造内容'],
      ...estates.map((e) => [e['序号']!, '海门街道', e['项目名称']!, e['改造内容']!]),
    ],
  });
  // Resettlement housing projects: counted in 套, not estates on the map.
  const kinds: Record<string, string> = { 新开工: 'resettlement_start', 基本建成: 'resettlement_built' };
  for (const p of projects.filter((x) => kinds[x['类别']!])) {
    await tx.query(
      `INSERT INTO projects (plan_id, seq, name, kind, district_code, builder, responsible_unit, units, due_on, source)
       VALUES ($1, $2, $3, $4, '320614', $5, $6, $7, '2021-11-30', $8)`,
      [result.plan.id, Number(p['序号']), p['项目名称'], kinds[p['类别']!], p['建设单位'], p['责任单位'], Number(p['住房套数']), HAIMEN_SOURCE],
    );
  }
  return result.estates;
}

const HAIMEN_METRICS: Record<string, string> = {
  '棚户区改造安置住房/新开工': 'resettlement_units_started',
  '棚户区改造安置住房/基本建成': 'resettlement_units_built',
  '老旧小区改造/改造小区': 'estates_started',
};

async function loadTargets(tx: Queryable) {
  const insert = (region: string, year: number, metric: string, value: number, unit: string, unitResp: string | null, due: string | null, source: string) =>
    tx.query(
      // The plan of the target's year whose region holds the target's (as migration 0015 attaches them).
      `INSERT INTO targets (region_code, year, metric, value, unit, responsible_unit, due_on, source, plan_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (
         SELECT p.id FROM plans p WHERE p.year = $2 AND left($1, length(p.region_code)) = p.region_code
         ORDER BY length(p.region_code) DESC, p.id LIMIT 1))`,
      [region, year, metric, value, unit, unitResp, due, source],
    );
  for (const t of rows('haimen-2021-targets.csv')) {
    const metric = HAIMEN_METRICS[`${t['任务']}/${t['指标']}`];
    if (!metric) throw new Error(`haimen-2021-targets.csv: no metric for ${t['任务']}/${t['指标']}`);
    await insert('320614', 2021, metric, Number(t['目标值']), t['单位']!, t['责任单位'] || null, t['完成时限'] || null, HAIMEN_SOURCE);
  }
  // Targets stated in prose by the other documents.
  const nankang = 'seed 004 (南康区 2024 实施方案), 二(一)(二)';
  await insert('360703', 2024, 'estates_started', 28, '个', '区住建局', null, nankang);
  await insert('360703', 2024, 'estates_completed', 28, '个', '区住建局', '2024-12-31', nankang);
  await insert('360703', 2024, 'households', 3433, '户', '区住建局', '2024-12-31', nankang);
  const jiangkou = 'seed 002 (江口县 实施方案), 二(三) 工作目标';
  await insert('520621', 2023, 'households', 972, '户', '县住房城乡建设局', '2023-12-31', jiangkou);
  await insert('520621', 2023, 'estates_completed', 3, '个', '县住房城乡建设局', '2023-12-31', jiangkou);
  const beilun = 'seed 003 (北仑区 立功竞赛方案), 二(一)1 and 附件1';
  await insert('330206', 2019, 'estates_started', 29, '个', '区住建局', '2019-12-31', beilun);
  await insert('330206', 2019, 'estates_completed', 22, '个', '区住建局', '2019-12-31', beilun);
  await insert('330206', 2019, 'floor_area_started_m2', 290000, 'm²', '区住建局', '2019-12-31', beilun);
  await insert('330206', 2019, 'floor_area_completed_m2', 110000, 'm²', '区住建局', '2019-12-31', beilun);
  await insert('330206', 2019, 'micro_renovation_completed', 38, '个', '区住建局', '2019-12-31', beilun);
  const wuhai = 'seed 001 (乌海市 通报), 三(二)';
  await insert('1503', 2021, 'estates_completed', 16, '个', '三区住建局', '2021-12-31', wuhai);
  await insert('1503', 2020, 'estates_completed', 38, '个', '三区住建局', '2021-12-31', wuhai);
}

/**
 * Beilun's annex 1. Every 老旧小区 row's quarterly cells as written, as milestones of the whole
 * programme. Row 1 (老旧小区改造建设, the 29 estates) is also read by the milestone-table reader
 * (milestone-annex.ts, the same reading users' imports get): the plan table's columns
 * (方案设计完成季度, 开工季度, 完工季度) already hold its Q2–Q4 design-finished, started and completed
 * quarters; what the columns cannot hold is added here, each estate's milestone of a quarter the
 * columns say nothing about: Q1 "居民意见征求汇总" (all 29, survey) and Q2 "…等9个项目进行改造方案设计"
 * (design). Row 2 (the micro-renovations) cannot be read as printed (README, importing milestones)
 * and keeps its 开工季度/完工季度 columns only.
 */
async function loadBeilunMilestones(tx: Queryable) {
  const [plan] = await tx.query<{ id: number; year: number; region_code: string }>(`SELECT id, year, region_code FROM plans WHERE slug = 'beilun-2019'`);
  const source = 'seed 003 (北仑区), 附件1 居住环境提升项目任务计划表';
  const quarters = ['一季度末形象进度', '二季度末形象进度', '三季度末形象进度', '四季度末形象进度'];
  const grid = readSeedGrid('beilun-2019-plan.csv');
  const [header, ...body] = grid;
  for (const r of rows('beilun-2019-plan.csv').filter((x) => x['项目名称']!.startsWith('老旧小区'))) {
    for (const [i, q] of quarters.entries()) {
      await tx.query(
        `INSERT INTO milestones (plan_id, year, quarter, description, source) VALUES ($1, 2019, $2, $3, $4)`,
        [plan!.id, i + 1, `${r['项目名称']}：${r[q]}`, source],
      );
    }
  }
  const ctx: AnnexPlan = {
    year: plan!.year,
    estates: await tx.query(annexContextSql.estates, [plan!.id]),
    projects: await tx.query(annexContextSql.projects, [plan!.id]),
    streets: (await tx.query<{ name: string }>(annexContextSql.streets, [plan!.id, plan!.region_code])).map((r) => r.name),
  };
  const nameCol = header!.indexOf('项目名称');
  const row1 = body.filter((r) => r[nameCol] === '老旧小区改造建设');
  for (const m of readAnnex([header!, ...row1], ctx).milestones) {
    if (m.estateId === null) continue;
    await tx.query(
      `INSERT INTO milestones (plan_id, estate_id, year, quarter, planned_phase, planned_progress_pct, description, source)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE NOT EXISTS (SELECT 1 FROM milestones WHERE estate_id = $2 AND year = $3 AND quarter = $4)`,
      [plan!.id, m.estateId, m.year, m.quarter, m.phase, m.progressPct, m.description, `${source}, row ${grid.indexOf(row1[0]!) + 1}, ${m.column}`],
    );
  }
}

/**
 * Jiangkou's 二(三) 工作目标: the three projects "2023年12月底前基本建成" (by the end of 2023,
 * acceptance reached: phrases.ts), one milestone per project for 2023 Q4.
 */
async function loadJiangkouMilestones(tx: Queryable) {
  const state = readPhrase('基本建成')!;
  await tx.query(
    `INSERT INTO milestones (plan_id, project_id, year, quarter, planned_phase, planned_progress_pct, description, source)
     SELECT pj.plan_id, pj.id, 2023, 4, $1, $2, '2023年12月底前基本建成', 'seed 002 (江口县 实施方案), 二(三) 工作目标'
     FROM projects pj JOIN plans p ON p.id = pj.plan_id WHERE p.slug = 'jiangkou-2023' ORDER BY pj.id`,
    [state.phase, state.progressPct],
  );
}

/** Totals the documents state in their text, kept as stated so the app can reconcile them. */
async function loadStatedFigures(tx: Queryable) {
  const stated: [slug: string, region: string, metric: string, value: number, unit: string, asOf: string | null, source: string][] = [
    ['nankang-2024', '360703', 'estates', 28, '个', null, 'seed 004, 二(一)'],
    ['nankang-2024', '360703', 'communities', 11, '个', null, 'seed 004, 二(一)'],
    ['nankang-2024', '360703', 'building_count', 190, '栋', null, 'seed 004, 二(一)'],
    ['nankang-2024', '360703', 'households', 3433, '户', null, 'seed 004, 二(一)'],
    ['nankang-2024', '360703', 'floor_area_m2', 377674, 'm²', null, 'seed 004, 二(一)'],
    ['wuhai-2020', '1503', 'estates', 38, '个', '2021-04-25', 'seed 001, 一(一)'],
    ['wuhai-2020', '1503', 'completed_estates', 23, '个', '2021-04-25', 'seed 001, 一(一)'],
    ['wuhai-2020', '1503', 'completed_households', 5154, '户', '2021-04-25', 'seed 001, 一(一)'],
    ['wuhai-2021', '1503', 'estates', 16, '个', '2021-04-25', 'seed 001, 一(二)'],
    ['wuhai-2021', '1503', 'households', 4006, '户', '2021-04-25', 'seed 001, 一(二)'],
    ['wuhai-2021', '1503', 'floor_area_m2', 352600, 'm²', '2021-04-25', 'seed 001, 一(二)'],
    ['beilun-2019', '330206', 'floor_area_m2', 290000, 'm²', null, 'seed 003, 二(一)1 (约)'],
    ['beilun-2019', '330206', 'micro_renovation_floor_area_m2', 2306400, 'm²', null, 'seed 003, 二(一)2 (约)'],
  ];
  for (const [slug, region, metric, value, unit, asOf, source] of stated) {
    await tx.query(
      `INSERT INTO reported_figures (plan_id, region_code, metric, value, unit, as_of, source)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM plans WHERE slug = $1
       ON CONFLICT (plan_id, region_code, metric) DO NOTHING`,
      [slug, region, metric, value, unit, asOf, source],
    );
  }
}

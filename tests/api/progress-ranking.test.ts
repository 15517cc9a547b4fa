import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapResponse, RankingResponse } from '../../shared/progress/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const pct = (rate: number | null) => (rate === null ? null : (rate * 100).toFixed(2));

describe('GET /api/stats/ranking — the circulars reproduced from the database', () => {
  it('ranks Wuhai 2021 by investment rate: 海勃湾区 3.07%, 乌达区 0.58%, 海南区 0.56%, total 1.71%', async () => {
    const { status, body } = await t.json<RankingResponse>('/api/stats/ranking?level=district&parent=1503&year=2021');
    expect(status).toBe(200);
    expect(body.rows.map((r) => [r.rank, r.name, pct(r.investmentRate)])).toEqual([
      [1, '海勃湾区', '3.07'],
      [2, '乌达区', '0.58'],
      [3, '海南区', '0.56'],
    ]);
    const [hbw, wd, hn] = body.rows;
    expect(hbw).toMatchObject({ code: '150302', estates: 9, completedEstates: 0, plannedInvestmentWan: 4949.834, completedInvestmentWan: 152.1 });
    expect(wd).toMatchObject({ code: '150304', estates: 6, plannedInvestmentWan: 4141.8, completedInvestmentWan: 24 });
    expect(hn).toMatchObject({ code: '150303', estates: 1, plannedInvestmentWan: 1800, completedInvestmentWan: 10, personInCharge: '张恒', leader: '刘文忠' });
    // The district's people are its streets' people, in the table's order.
    expect(hbw!.personInCharge).toBe('白旭光、麻于亮、张春萍、寇隆光、尚海渊');
    expect(hbw!.leader).toBe('曹慧贤');
    expect(hbw!.stated).toEqual({ investmentRatePct: 3.07, completionRatePct: null });
    expect(hbw!.synthetic).toBe(false);
    expect(hbw!.bbox).toHaveLength(4);
    expect(body.total.plannedInvestmentWan).toBeCloseTo(10891.634, 6);
    expect(body.total.completedInvestmentWan).toBeCloseTo(186.1, 6);
    expect(pct(body.total.investmentRate)).toBe('1.71');
    expect(body.total).toMatchObject({ estates: 16, completedEstates: 0, households: 4006 });
    expect(body.title).toBe('2021年乌海市老旧小区改造项目进展排名表');
    expect(body.asOf).toBe('2021-04-25');
    // The circular is the only report of the programme: one month to replay.
    expect(body.reportPeriods).toEqual({ first: '2021-04', last: '2021-04' });
  });

  it('totals Wuhai 2020 at 18950 万元 planned and 10338.1 万元 completed; ranks by completion on request', async () => {
    const { body } = await t.json<RankingResponse>('/api/stats/ranking?level=district&parent=1503&year=2020&orderBy=completionRate');
    expect(body.total.plannedInvestmentWan).toBe(18950);
    expect(body.total.completedInvestmentWan).toBeCloseTo(10338.1, 6);
    // 22 estates flagged 是 of 38 (the text says 23: see tests/unit/seed-totals.test.ts).
    expect(body.total).toMatchObject({ estates: 38, completedEstates: 22 });
    // Completed estates ÷ estates: 海南区 7/8, 海勃湾区 13/18, 乌达区 2/12.
    expect(body.rows.map((r) => [r.rank, r.name, r.completedEstates, r.estates])).toEqual([
      [1, '海南区', 7, 8],
      [2, '海勃湾区', 13, 18],
      [3, '乌达区', 2, 12],
    ]);
    // The circular's own 完工率 is kept beside the derived one, as printed.
    expect(body.rows.find((r) => r.name === '海勃湾区')!.stated).toEqual({ investmentRatePct: null, completionRatePct: 90.95 });
  });

  it('ranks streets without splitting a district batch over them: money stays in the total', async () => {
    const { body } = await t.json<RankingResponse>('/api/stats/ranking?level=street&parent=150302&year=2021');
    expect(body.rows.map((r) => r.name).sort()).toEqual(['凤凰岭街道', '新华街道', '林荫街道', '海北街道', '滨河街道'].sort());
    expect(body.rows.every((r) => r.plannedInvestmentWan === null && r.investmentRate === null && r.rank === null)).toBe(true);
    expect(body.rows.find((r) => r.name === '凤凰岭街道')).toMatchObject({ estates: 3, personInCharge: '麻于亮', leader: '曹慧贤' });
    expect(body.total.plannedInvestmentWan).toBeCloseTo(4949.834, 6);
    expect(body.unattributedPlannedInvestmentWan).toBeCloseTo(4949.834, 6);
  });

  it('replays a month: before the circular’s date no investment was reported yet', async () => {
    const { body } = await t.json<RankingResponse>('/api/stats/ranking?level=district&parent=1503&year=2021&period=2021-03');
    expect(body.total.completedInvestmentWan).toBe(0);
    expect(body.rows.every((r) => r.investmentRate === 0 && r.rank === 1)).toBe(true);
    expect(body.asOf).toBeNull();
  });

  it('answers 400 naming the parameter, and 404 for an unknown parent', async () => {
    const a = await t.json<{ error: { details: { parameter: string }[] } }>('/api/stats/ranking?level=province');
    expect(a.status).toBe(400);
    expect(a.body.error.details[0]!.parameter).toBe('level');
    const b = await t.json<{ error: { details: { parameter: string }[] } }>('/api/stats/ranking?period=2024-13');
    expect(b.status).toBe(400);
    expect(b.body.error.details[0]!.parameter).toBe('period');
    const c = await t.json<{ error: { code: string } }>('/api/stats/ranking?parent=999999');
    expect(c.status).toBe(404);
  });
});

describe('GET /api/stats/ranking.xlsx', () => {
  it('opens in LibreOffice with the title, 填报日期, the seed columns and figures', async () => {
    const res = await t.request('/api/stats/ranking.xlsx?level=district&parent=1503&year=2021');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const dir = mkdtempSync(join(tmpdir(), 'ranking-xlsx-'));
    try {
      writeFileSync(join(dir, 'ranking.xlsx'), Buffer.from(await res.arrayBuffer()));
      // A fresh profile so that a concurrent LibreOffice cannot lock this run out.
      execFileSync('libreoffice', [
        `-env:UserInstallation=file://${dir}/profile`, '--headless',
        '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, join(dir, 'ranking.xlsx'),
      ], { stdio: 'pipe', timeout: 120_000 });
      expect(readdirSync(dir)).toContain('ranking.csv');
      const grid = parse(readFileSync(join(dir, 'ranking.csv'), 'utf8'), { relax_column_count: true }) as string[][];
      expect(grid[0]![0]).toBe('2021年乌海市老旧小区改造项目进展排名表');
      expect(grid[1]![0]).toBe('填报日期：2021.4.25');
      expect(grid[2]).toEqual(['排名', '辖区', '街道办事处', '负责人', '责任领导', '小区名称', '是否完工', '预计投资额 (万元)', '累计完成投资额 (万元)', '投资完成率 (%)']);
      // One line per estate (16), figures on each district's first line, merged below.
      const body = grid.slice(3, 3 + 16);
      expect(body.map((r) => r[5])).toContain('铁路小区(包括铁路西住宅小区)');
      const first = (name: string) => body.find((r) => r[1] === name)!;
      expect([first('海勃湾区')[0], first('海勃湾区')[7], first('海勃湾区')[8], first('海勃湾区')[9]]).toEqual(['1', '4949.834', '152.1', '3.07']);
      expect([first('乌达区')[0], first('乌达区')[9]]).toEqual(['2', '0.58']);
      expect([first('海南区')[0], first('海南区')[5], first('海南区')[9]]).toEqual(['3', '海天花园小区', '0.56']);
      expect(body.filter((r) => r[1] === '海勃湾区')).toHaveLength(1);
      const total = grid[3 + 16]!;
      expect([total[1], total[7], total[8], total[9]]).toEqual(['合计', '10891.634', '186.1', '1.71']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/stats/heatmap — where the money is behind', () => {
  it('puts each Wuhai 2021 district batch at the centre of its estates, weighted planned − completed', async () => {
    const { status, body } = await t.json<HeatmapResponse>(
      '/api/stats/heatmap?parent=1503&year=2021',
    );
    expect(status).toBe(200);
    expect(body.points.map((p) => [p.name, Number(p.weightWan.toFixed(3)), p.level])).toEqual([
      ['2021年海勃湾区老旧小区改造项目', 4797.734, 'project'],
      ['2021年乌达区老旧小区改造项目', 4117.8, 'project'],
      ['2021年海南区老旧小区改造项目', 1790, 'project'],
    ]);
    // Placed from the generated red lines: flagged, and near the district centres (DESIGN.md).
    expect(body.points.every((p) => p.synthetic)).toBe(true);
    const hn = body.points[2]!;
    expect(Math.abs(hn.lon - 106.89)).toBeLessThan(0.2);
    expect(Math.abs(hn.lat - 39.44)).toBeLessThan(0.2);
    // The clip: everything around the three districts, the districts cut out (the points are in the holes).
    expect(['Polygon', 'MultiPolygon']).toContain(body.outside!.type);
    expect(JSON.stringify(body.outside)).toMatch(/\[\d/);
  });
});

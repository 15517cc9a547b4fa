import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';
import { GoalsDriver } from './support/goals-driver.ts';

/** 形象进度与目标: a planner enters a milestone, sees a refused table's cells named, and imports targets. */
describe('a planner keeps the programme’s milestones and targets', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let person: PlannerDriver;
  let goals: GoalsDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    person = new PlannerDriver(browser.page, app.baseUrl, 'planner');
    goals = new GoalsDriver(browser.page);
    await person.open();
    await person.openProgramme('nankang-2024');
    await goals.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('adds a quarterly milestone for an estate and saves it at the version read', async () => {
    expect(await goals.milestoneRows()).toEqual([]);
    expect(await goals.addMilestone({ quarter: 2, estate: '一建公司', phase: 'construction', pct: '30' })).toMatch(/已保存|Saved/);
    expect(await goals.milestoneRows()).toEqual([expect.stringMatching(/^2024 Q2 一建公司 项目建设 30/)]);
    const plans = await person.apiGet<{ plans: { id: number; slug: string }[] }>('/api/plans');
    const id = plans.plans.find((p) => p.slug === 'nankang-2024')!.id;
    const saved = await person.apiGet<{ version: number; milestones: { estateName: string; phase: string; progressPct: number; source: string }[] }>(`/api/plans/${id}/milestones`);
    expect(saved.version).toBe(2);
    expect(saved.milestones).toEqual([expect.objectContaining({ estateName: '一建公司', phase: 'construction', progressPct: 30, source: 'entered in the app by planner' })]);
    expect(browser.errors).toEqual([]);
  });

  it('shows the row, column and name of a milestone table it refuses', async () => {
    const { preview, problems } = await goals.previewImport('milestones-import', 'annex.csv', '序号,项目名称,一季度末形象进度\n1,一建公司,开工\n2,东街社区,一建公司、海市蜃楼等2个项目开工\n');
    expect(preview).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/^第 3 行 · 一季度末形象进度：unknown name "海市蜃楼"/)]);
    browser.errors.length = 0; // the 422 was the point
  });

  it('imports a targets table after its preview; the dashboard’s targets follow', async () => {
    const table = '任务,指标,目标值,单位,责任单位,完成时限\n老旧小区改造,完工,25,个,区住建局,2024-12-31\n老旧小区改造,改造户数,3433,户,区住建局,2024-12-31\n';
    const { preview, problems } = await goals.previewImport('targets-import', 'targets.csv', table);
    expect(problems).toEqual([]);
    expect(preview).toMatch(/保留 1，新增 0，删除 1，修改 1/);
    await goals.confirmImport('targets-import');
    expect(await goals.targetValues()).toEqual([25, 3433]);
    const dashboard = await person.apiGet<{ targets: { metric: string; target: number }[] }>('/api/targets?region=360703&year=2024');
    expect(dashboard.targets.map((x) => [x.metric, x.target])).toEqual([['estates_completed', 25], ['households', 3433]]);
    await person.screenshot(fileURLToPath(new URL('../../docs/goals.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

/**
 * Every test file starts from the template's content, whatever a file before it wrote. On the
 * embedded engine a worker reuses its database copies and puts them back (support/pglite-pool.ts);
 * on PostgreSQL each file gets a new database made from the template. Either way, what the next
 * testApp() gets must be the template: every table's content, and every sequence where it was.
 */
const open: TestApp[] = [];
afterAll(async () => {
  for (const t of open) await t.close();
});

/**
 * The fingerprint, with the two tables that each testApp()'s own sign-in writes (its session's
 * token, the throttle's time of the attempt) by their row counts.
 */
async function content(t: TestApp) {
  const fp = await databaseFingerprint(t.db);
  return { ...fp, sessions: fp.sessions!.split(':')[0], login_throttle: fp.login_throttle!.split(':')[0] };
}

async function sequences(t: TestApp) {
  const names = await t.db.query<{ name: string }>(`SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { name } of names) out[name] = (await t.db.query<{ v: string }>(`SELECT last_value || ':' || is_called AS v FROM ${name}`))[0]!.v;
  return out;
}

describe('testApp() after an earlier one wrote', () => {
  it('gives the template back: the same rows in every table, the same sequences', async () => {
    const first = await testApp();
    const template = await content(first);
    const templateSequences = await sequences(first);

    // Writes of every kind, through the API (with their triggers) and straight in SQL.
    const [estate] = await first.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN estate_newest_report n ON n.estate_id = e.id ORDER BY e.id LIMIT 1`);
    const posted = await first.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estateId: estate!.id, period: '2026-11', phase: 'construction', progressPct: 99, completed: false }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    await first.as('planner');
    await first.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ('990199', '测试复原区', 'district', 'generated', true)`);
    await first.db.query(`UPDATE estates SET name = name || '（改）' WHERE id IN (SELECT id FROM estates ORDER BY id LIMIT 20)`);
    await first.db.query(`DELETE FROM progress_reports WHERE id IN (SELECT id FROM progress_reports ORDER BY id DESC LIMIT 5)`);
    await first.db.query(`UPDATE regions SET name = name WHERE code = (SELECT min(code) FROM regions WHERE level = 'province')`);
    await first.db.query(`TRUNCATE audit_log`);
    expect(await content(first)).not.toEqual(template);
    await first.close();

    const second = await testApp();
    open.push(second);
    expect(await content(second)).toEqual(template);
    expect(await sequences(second)).toEqual(templateSequences);
    // And the next write there numbers its rows as on the template.
    const again = await second.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estateId: estate!.id, period: '2026-11', phase: 'construction', progressPct: 99, completed: false }),
    });
    expect(again.status, await again.clone().text()).toBe(201);
    expect(((await again.json()) as { id: number }).id).toBe(((await posted.json()) as { id: number }).id);
  });
});

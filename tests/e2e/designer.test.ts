import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { area, bbox as turfBbox, centroid, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { DesignerDriver } from './support/scopes-driver.ts';

type Estate = Feature<MultiPolygon, { name: string; version: number }> & { id: number };
type AnyEstate = Feature<MultiPolygon | Point | null, { name: string; version: number }> & { id: number };
type HistoryEntry = { id: number; layer: string; version: number; replacedBy: string; geometry: MultiPolygon | null };
type Detail = Estate;
type Pt = { x: number; y: number };

const shot = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

/**
 * The area of a lon/lat ring on the WGS84 ellipsoid, by the radii of curvature at its middle
 * (a local plane, exact to well under 0.1 % over a few hundred metres): independent of turf's
 * sphere, which the page uses.
 */
function ellipsoidAreaM2(ring: [number, number][]): number {
  const a = 6378137;
  const e2 = 0.00669437999014;
  const lat0 = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const lon0 = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const w = 1 - e2 * Math.sin(lat0) ** 2;
  const n = a / Math.sqrt(w);
  const m = (a * (1 - e2)) / w ** 1.5;
  const xy = ring.map(([lon, lat]) => [((lon - lon0) * Math.PI * n * Math.cos(lat0)) / 180, ((lat - lat0 * (180 / Math.PI)) * Math.PI * m) / 180] as const);
  let s = 0;
  for (let i = 0; i < xy.length; i++) {
    const [x1, y1] = xy[i]!;
    const [x2, y2] = xy[(i + 1) % xy.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}

describe('a designer draws safely: undo and redo, live figures, links (Nankang 2024)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let designer: DesignerDriver;
  let estates: Estate[];
  let all: AnyEstate[];
  let work: string;
  const byName = (name: string) => estates.find((e) => e.properties.name === name)!;
  const current = (id: number) => designer.apiGet<Detail>(`/api/estates/${id}`);

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    designer = new DesignerDriver(browser.page, app.baseUrl);
    await designer.open();
    await designer.openProgramme('nankang-2024');
    all = (await designer.apiGet<{ features: AnyEstate[] }>('/api/estates?district=360703&year=2024')).features;
    estates = all.filter((e): e is Estate => e.geometry?.type === 'MultiPolygon');
    work = await mkdtemp(path.join(tmpdir(), 'e2e-designer-'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a link with #e= opened in the 设计范围 mode selects the estate there', async () => {
    const estate = byName('金赣小区');
    await designer.openLink(`#p=nankang-2024&m=scopes&e=${estate.id}`);
    await browser.page.waitForSelector('[data-testid="scopes-panel"] [data-testid="draw-box"] .export-title');
    expect(await designer.pickedName()).toBe('金赣小区');
    // The estate's own export is offered, as after a click.
    expect(await browser.page.locator('[data-testid="export-estate"]').innerText()).toContain('金赣小区');
    expect(browser.errors).toEqual([]);
  });

  it('shows the area and perimeter while corners are placed, before the ring is closed, within 1 % of the ring’s own', async () => {
    const estate = byName('金赣小区');
    await designer.frame(turfBbox(estate) as [number, number, number, number]);
    const mid = await designer.screenOf([(turfBbox(estate)[0] + turfBbox(estate)[2]) / 2, (turfBbox(estate)[1] + turfBbox(estate)[3]) / 2]);
    const corners: Pt[] = [
      { x: mid.x - 70, y: mid.y - 50 },
      { x: mid.x + 80, y: mid.y - 40 },
      { x: mid.x + 60, y: mid.y + 60 },
    ];
    await designer.placeCorners(corners);
    await designer.waitForFigures('corners === 3 && area !== null');
    const open = await designer.figures();
    expect(open.closed).toBe(false);
    const ring = await Promise.all(corners.map((c) => designer.lngLatOf(c)));
    const expected = ellipsoidAreaM2(ring);
    expect(Math.abs(open.areaM2! - expected) / expected).toBeLessThan(0.01);
    expect(open.text).toMatch(/面积 [\d,]+ ㎡/);
    expect(open.text).toMatch(/周长 [\d,]+ 米/);
    await designer.screenshot(shot('designer-live-area.png'));
    expect(browser.errors).toEqual([]);
  });

  it('undoes and redoes corners (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y), and once closed the whole outline (buttons)', async () => {
    // Three corners placed by the test before.
    const three = (await designer.figures()).areaM2!;
    await designer.press('Control+z');
    await designer.waitForFigures('corners === 2 && area === null');
    await designer.press('Control+Shift+z');
    await designer.waitForFigures('corners === 3 && area !== null');
    expect((await designer.figures()).areaM2).toBeCloseTo(three, 0);
    await designer.press('Control+z');
    await designer.waitForFigures('corners === 2');
    await designer.press('Control+y');
    await designer.waitForFigures('corners === 3');
    expect(await designer.saveEnabled()).toBe(false);
    await designer.clickTool('draw-cancel');
  });

  it('undo back to the saved shape disables saving; redo brings the change back; a new edit clears the last “已保存”', async () => {
    const estate = byName('金赣小区');
    const before = await current(estate.id);
    const ring = before.geometry.coordinates[0]![0]!;
    await designer.frame(turfBbox(before) as [number, number, number, number]);
    await designer.clickTool('draw-reshape');
    await designer.waitForFigures('closed && area !== null');
    const saved = (await designer.figures()).areaM2!;
    expect(await designer.saveEnabled()).toBe(false);

    // Drag the first corner 40 px outwards from the middle.
    const c = turfBbox(before);
    const centre = await designer.screenOf([(c[0] + c[2]) / 2, (c[1] + c[3]) / 2]);
    const from = await designer.screenOf([ring[0]![0]!, ring[0]![1]!]);
    const len = Math.hypot(from.x - centre.x, from.y - centre.y);
    const to = { x: from.x + ((from.x - centre.x) / len) * 40, y: from.y + ((from.y - centre.y) / len) * 40 };
    await browser.page.mouse.move(from.x, from.y);
    await browser.page.mouse.down();
    for (let i = 1; i <= 10; i++) await browser.page.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await browser.page.mouse.up();
    await designer.waitForFigures(`area !== null && Math.abs(area - ${saved}) > 1`);
    const grown = (await designer.figures()).areaM2!;
    expect(grown).toBeGreaterThan(saved);
    expect(await designer.saveEnabled()).toBe(true);

    await designer.clickTool('draw-undo');
    await designer.waitForFigures(`Math.abs(area - ${saved}) < 0.2`);
    expect(await designer.saveEnabled()).toBe(false);
    await designer.clickTool('draw-redo');
    await designer.waitForFigures(`Math.abs(area - ${grown}) < 0.2`);
    expect(await designer.saveEnabled()).toBe(true);
    await designer.press('Control+z');
    await designer.waitForFigures(`Math.abs(area - ${saved}) < 0.2`);
    await designer.press('Control+y');
    await designer.waitForFigures(`Math.abs(area - ${grown}) < 0.2`);
    await designer.screenshot(shot('designer-undo.png'));

    const message = await designer.saveRedLine();
    expect(message).toContain('已保存');
    const after = await current(estate.id);
    expect(after.properties.version).toBe(before.properties.version + 1);
    // A new edit: the message of the last save goes.
    await designer.clickTool('draw-reshape');
    expect(await browser.page.locator('[data-testid="draw-message"]').count()).toBe(0);
    await designer.clickTool('draw-cancel');
    expect(browser.errors).toEqual([]);
  });

  it('shows the overlap with a neighbour on the map before saving, and saves it only with a reason', async () => {
    const estate = byName('金赣小区');
    const before = await current(estate.id);
    const c = centroid(before).geometry.coordinates as [number, number];
    // The nearest other estate of the plan: the corner of ours nearest to it is dragged into it.
    const neighbour = estates
      .filter((e) => e.id !== estate.id)
      .map((e) => ({ e, d: Math.hypot(centroid(e).geometry.coordinates[0]! - c[0], centroid(e).geometry.coordinates[1]! - c[1]) }))
      .sort((a, b) => a.d - b.d)[0]!.e;
    const inside = pointOnFeature(neighbour).geometry.coordinates as [number, number];
    const ring = before.geometry.coordinates[0]![0]!.slice(0, -1);
    const corner = ring.reduce((best, p) => (Math.hypot(p[0]! - inside[0], p[1]! - inside[1]) < Math.hypot(best[0]! - inside[0], best[1]! - inside[1]) ? p : best));
    const b1 = turfBbox(before);
    const b2 = turfBbox(neighbour);
    await designer.frame([Math.min(b1[0], b2[0]), Math.min(b1[1], b2[1]), Math.max(b1[2], b2[2]), Math.max(b1[3], b2[3])]);
    await designer.clickTool('draw-reshape');
    await designer.waitForFigures('closed && area !== null');
    await designer.drag(await designer.screenOf([corner[0]!, corner[1]!]), await designer.screenOf(inside));

    const live = await designer.liveOverlaps();
    const hit = live.find((o) => o.estateId === neighbour.id);
    expect(hit, `the overlap with ${neighbour.properties.name} is listed`).toBeDefined();
    expect(hit!.areaM2).toBeGreaterThan(1);
    expect(hit!.text).toContain(neighbour.properties.name);
    await designer.screenshot(shot('designer-overlap.png'));
    // Nothing is saved while looking.
    expect((await current(estate.id)).properties.version).toBe(before.properties.version);

    const saved = await designer.saveOverlapping('实测红线与芙蓉花苑共用围墙，以测绘为准');
    expect(saved.asked.find((o) => o.estateId === neighbour.id)?.areaM2).toBeCloseTo(hit!.areaM2, 0);
    expect(saved.message).toContain('已保存');
    const after = await current(estate.id);
    expect(after.properties.version).toBe(before.properties.version + 1);
    // The one refusal, as intended: the save without a reason.
    expect(browser.errors).toEqual([`HTTP 422 PUT /api/estates/${estate.id}/geometry`]);
    browser.errors.length = 0;
  });

  it('restores an earlier red line from the history: drawn on the map, saved as a new version equal to the old one', async () => {
    const estate = byName('金赣小区');
    const before = await current(estate.id);
    const entries = (await designer.apiGet<HistoryEntry[]>(`/api/estates/${estate.id}/geometry-history`)).filter((e) => e.layer === 'estate');
    // The oldest: the red line before any of today's drawing.
    const oldest = entries[entries.length - 1]!;
    expect(oldest.geometry).not.toBeNull();
    const rows = await designer.historyRows();
    expect(rows.map((r) => r.id)).toEqual(entries.map((e) => e.id));
    await designer.showVersion(oldest.id);
    await designer.screenshot(shot('designer-history.png'));

    const message = await designer.restoreVersion(oldest.id);
    expect(message).toContain(`已恢复第 ${oldest.version} 版`);
    const after = await current(estate.id);
    expect(after.properties.version).toBe(before.properties.version + 1);
    // The restored red line is the old one, corner for corner (1e-9° ≈ 0.1 mm).
    const got = after.geometry.coordinates.flat(2);
    const want = oldest.geometry!.coordinates.flat(2);
    expect(got).toHaveLength(want.length);
    got.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(want[i]![0]!, 9);
      expect(p[1]).toBeCloseTo(want[i]![1]!, 9);
    });
    expect(browser.errors).toEqual([]);
  });

  it('draws the import preview on the map and takes a manual assignment (table and map) into the confirm', async () => {
    const shifted = byName('金赣小区');
    const now = await current(shifted.id);
    // Two outlines come without a name a match could use: one is assigned in the table, one on the map.
    const byDistance = estates
      .filter((e) => e.id !== shifted.id)
      .map((e) => ({ e, d: Math.hypot(...(centroid(e).geometry.coordinates.map((v, i) => v - centroid(now).geometry.coordinates[i]!) as [number, number])) }))
      .sort((a, b) => a.d - b.d)
      .map((x) => x.e);
    const unlined = byDistance[5]!;
    const anchor = pointOnFeature(unlined).geometry.coordinates as [number, number];
    const d = 0.0003; // about 30 m
    const square: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[anchor[0] - d, anchor[1] - d], [anchor[0] + d, anchor[1] - d], [anchor[0] + d, anchor[1] + d], [anchor[0] - d, anchor[1] + d], [anchor[0] - d, anchor[1] - d]]]] };
    const far = byDistance[3]!;
    const farNow = await current(far.id);
    const moved = (g: MultiPolygon, dx: number): MultiPolygon => ({ type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(([x, y]) => [x! + dx, y!]))) });
    const file = path.join(work, '测绘红线.geojson');
    await writeFile(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { name: '金赣小区' }, geometry: moved(now.geometry, 0.00004) },
          { type: 'Feature', properties: { name: '测绘 2 号地块' }, geometry: square },
          { type: 'Feature', properties: { name: '测绘 3 号地块' }, geometry: farNow.geometry },
        ],
      }),
    );
    const preview = await designer.previewImport(file);
    expect(preview.statuses).toEqual(['matched', 'unmatched', 'unmatched']);
    // How far the matched one moves, in the table (about 4 m east).
    expect(Number(/([\d.]+) m/.exec(preview.rows[0]![4]!)![1])).toBeGreaterThan(3);

    await designer.assignInTable(1, unlined.id);
    await designer.waitForMap();
    const at = await designer.screenOf(pointOnFeature(farNow).geometry.coordinates as [number, number]);
    await designer.assignOnMap(2, at, far.properties.name, far.id);
    const statuses = await browser.page.$$eval('[data-testid="import-features"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.status));
    expect(statuses).toEqual(['matched', 'matched', 'matched']);
    await designer.showImport();
    await designer.waitForMap();
    await designer.screenshot(shot('designer-import.png'));

    const summary = await designer.confirmImportWithReason('测绘成果为准');
    expect(summary).toMatch(/已导入：3 个小区红线/);
    const lined = await designer.apiGet<AnyEstate>(`/api/estates/${unlined.id}`);
    expect(lined.geometry?.type).toBe('MultiPolygon');
    expect(Math.abs(area(lined as Feature<MultiPolygon>) - area(square)) / area(square)).toBeLessThan(0.001);
    expect(turfBbox(lined as Feature<MultiPolygon>).map((v, i) => Math.abs(v - turfBbox(square)[i]!)).every((x) => x < 1e-7)).toBe(true);
    expect((await current(far.id)).properties.version).toBe(farNow.properties.version + 1);
    // A refusal of overlaps on the first confirm is a question the designer answered, not an error.
    expect(browser.errors.filter((e) => e !== 'HTTP 422 POST /api/import/scope')).toEqual([]);
  });
});

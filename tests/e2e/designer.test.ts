import { fileURLToPath } from 'node:url';
import { bbox as turfBbox } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { DesignerDriver } from './support/scopes-driver.ts';

type Estate = Feature<MultiPolygon, { name: string; version: number }> & { id: number };
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
  const byName = (name: string) => estates.find((e) => e.properties.name === name)!;
  const current = (id: number) => designer.apiGet<Detail>(`/api/estates/${id}`);

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    designer = new DesignerDriver(browser.page, app.baseUrl);
    await designer.open();
    await designer.openProgramme('nankang-2024');
    estates = (await designer.apiGet<{ features: Estate[] }>('/api/estates?district=360703&year=2024')).features.filter((e) => e.geometry?.type === 'MultiPolygon');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
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
});

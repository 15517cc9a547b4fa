import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { area, bbox as turfBbox } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { DesignerDriver } from './support/scopes-driver.ts';

type Estate = Feature<MultiPolygon, { name: string; version: number; projectId: number | null; projectName: string | null }> & { id: number };
type Detail = Estate & { buildings: FeatureCollection };
type ScopeFile = FeatureCollection & { metadata: { scope: { name: string }; crs: { name: string; epsg: number | null }; synthetic: boolean } };

const ESTATE = '金赣小区';
// The README shows these two.
const shot = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

describe('a designer exports a scope, draws a red line and imports a surveyed one (Nankang 2024)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let designer: DesignerDriver;
  let estates: Estate[];
  let estate: Estate;
  let work: string;

  const current = () => designer.apiGet<Detail>(`/api/estates/${estate.id}`);
  const history = () => designer.apiGet<{ version: number; replacedBy: string }[]>(`/api/estates/${estate.id}/geometry-history`);

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    designer = new DesignerDriver(browser.page, app.baseUrl);
    work = await mkdtemp(path.join(tmpdir(), 'e2e-scopes-'));
    await designer.open();
    await designer.openProgramme('nankang-2024');
    await designer.openScopes();
    estates = (await designer.apiGet<{ features: Estate[] }>('/api/estates?district=360703&year=2024')).features;
    estate = estates.find((e) => e.properties.name === ESTATE)!;
    expect(estate).toBeDefined();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('exports the picked estate as GeoJSON: its red line and every building, each with its layer', async () => {
    await designer.pickEstate(ESTATE);
    const file = await designer.exportScope('export-estate', 'geojson', 'wgs84');
    expect(file.fileName).toMatch(/\.geojson$/);
    expect(file.fileName).toContain(ESTATE);
    expect(file.message).toContain(file.fileName);

    const fc = JSON.parse(file.bytes.toString('utf8')) as ScopeFile;
    const detail = await current();
    const layers = fc.features.map((f) => f.properties!.layer as string);
    expect(layers.filter((l) => l === 'estate')).toHaveLength(1);
    expect(layers.filter((l) => l === 'building')).toHaveLength(detail.buildings.features.length);
    expect(fc.features.find((f) => f.properties!.layer === 'estate')!.properties).toMatchObject({ id: estate.id, name: ESTATE });
    expect(fc.metadata).toMatchObject({ scope: { name: ESTATE }, crs: { name: 'wgs84', epsg: 4326 }, synthetic: true });
    expect(browser.errors).toEqual([]);
  });

  it('exports the estate’s project as a GeoPackage in the CGCS2000 Gauss–Krüger zone, named so', async () => {
    expect(estate.properties.projectId).not.toBeNull();
    const file = await designer.exportScope('export-project', 'gpkg', 'cgcs2000-gk');
    expect(file.fileName).toMatch(/\.gpkg$/);
    expect(file.fileName).toMatch(/4547|GK|cgcs2000/i);
    expect(file.bytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(browser.errors).toEqual([]);
  });

  it('exports the project as a DXF drawing for CAD: choosing DXF switches to Gauss–Krüger metres', async () => {
    await browser.page.locator('[data-testid="export-project"] [data-testid="export-format"]').selectOption('dxf');
    expect(await browser.page.locator('[data-testid="export-project"] [data-testid="export-crs"]').inputValue()).toBe('cgcs2000-gk');
    const file = await designer.exportScope('export-project', 'dxf', 'cgcs2000-gk');
    expect(file.fileName).toMatch(/_cgcs2000-gk-cm114e\.dxf$/);
    const text = file.bytes.toString('latin1');
    expect(text).toContain('AC1021');
    expect(text).toContain('ESTATE');
    expect(browser.errors).toEqual([]);
  });

  it('draws a new red line: a corner snaps onto the neighbour’s, the area shows in m², and saving keeps the old one in history', async () => {
    // The neighbour corner nearest to this estate: a designer closes the gap to it by snapping.
    const own = estate.geometry.coordinates.flat(2);
    let near: { p: Position; d: number } | null = null;
    for (const other of estates) {
      if (other.id === estate.id) continue;
      for (const p of other.geometry.coordinates.flat(2)) {
        const d = Math.min(...own.map((q) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!)));
        if (!near || d < near.d) near = { p, d };
      }
    }
    const b = turfBbox(estate) as [number, number, number, number];
    await designer.frame([Math.min(b[0], near!.p[0]!), Math.min(b[1], near!.p[1]!), Math.max(b[2], near!.p[0]!), Math.max(b[3], near!.p[1]!)]);

    // A triangle: a click 4 px and 3 px off the neighbour's corner, and two corners across the estate.
    const n = await designer.screenOf([near!.p[0]!, near!.p[1]!]);
    const c = await designer.screenOf([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
    const len = Math.hypot(n.x - c.x, n.y - c.y);
    const perp = { x: -(n.y - c.y) / len, y: (n.x - c.x) / len };
    const r = Math.max(60, len * 0.8);
    const corners = [
      { x: n.x + 4, y: n.y + 3 },
      { x: c.x + perp.x * r, y: c.y + perp.y * r },
      { x: c.x - perp.x * r, y: c.y - perp.y * r },
    ];
    await designer.drawOutline(corners);
    const shown = await designer.shownAreaM2();
    expect(shown).toBeGreaterThan(100);
    await designer.screenshot(shot('scopes-draw.png'));

    const versionBefore = (await current()).properties.version;
    const message = await designer.saveRedLine();
    const saved = await current();
    expect(saved.properties.version).toBe(versionBefore + 1);
    const ring = saved.geometry.coordinates[0]![0]!;
    expect(ring).toHaveLength(4);
    // Snapped: the neighbour's corner itself, not the pixel clicked (1e-7° ≈ 1 cm).
    expect(ring.some((p) => Math.abs(p[0]! - near!.p[0]!) < 1e-7 && Math.abs(p[1]! - near!.p[1]!) < 1e-7)).toBe(true);
    // The area shown while drawing, the one the server measured, and the saved outline's agree.
    const savedArea = Number(/面积 ([\d,]+) 平方米/.exec(message)![1]!.replace(/,/g, ''));
    expect(Math.abs(savedArea - shown) / shown).toBeLessThan(0.01);
    expect(Math.abs(area(saved) - shown) / shown).toBeLessThan(0.01);
    expect((await history()).map((h) => h.replacedBy)).toEqual(['drawn']);
    expect(browser.errors).toEqual([]);
  });

  it('reshapes the red line by dragging a corner: the area grows and the saved outline has the new corner', async () => {
    const before = await current();
    const ring = before.geometry.coordinates[0]![0]!;
    // Drag the second corner 40 px away from the triangle's centre: the triangle grows.
    const centre = await designer.screenOf([(ring[0]![0]! + ring[1]![0]! + ring[2]![0]!) / 3, (ring[0]![1]! + ring[1]![1]! + ring[2]![1]!) / 3]);
    const from = await designer.screenOf([ring[1]![0]!, ring[1]![1]!]);
    const len = Math.hypot(from.x - centre.x, from.y - centre.y);
    const to = { x: from.x + ((from.x - centre.x) / len) * 40, y: from.y + ((from.y - centre.y) / len) * 40 };
    await designer.dragCorner(from, to);
    expect(await designer.shownAreaM2()).toBeGreaterThan(area(before) * 1.05);
    await designer.saveRedLine();

    const after = await current();
    expect(after.properties.version).toBe(before.properties.version + 1);
    expect(area(after)).toBeGreaterThan(area(before) * 1.05);
    // The corner is where it was dropped (within a pixel, a metre or so at this zoom), the others stayed.
    const dropped = await designer.lngLatOf(to);
    const pixel = Math.abs((await designer.lngLatOf({ x: to.x + 1, y: to.y }))[0] - dropped[0]);
    const moved = after.geometry.coordinates[0]![0]!;
    expect(moved).toHaveLength(4);
    expect(Math.hypot(moved[1]![0]! - dropped[0], moved[1]![1]! - dropped[1])).toBeLessThan(1.5 * pixel);
    expect([moved[0], moved[2]]).toEqual([ring[0], ring[2]]);
    expect((await history()).map((h) => h.replacedBy)).toEqual(['drawn', 'drawn']);
    expect(browser.errors).toEqual([]);
  });

  it('imports a surveyed red line by name: the preview matches it and writes nothing, confirming writes it and keeps history', async () => {
    const before = await current();
    // The surveyor's outline: the current one, 0.00005° (about 5 m) further east.
    const moved: MultiPolygon = { type: 'MultiPolygon', coordinates: before.geometry.coordinates.map((poly) => poly.map((r) => r.map(([x, y]) => [x! + 0.00005, y!]))) };
    const file = path.join(work, '金赣小区-实测红线.geojson');
    await writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: ESTATE }, geometry: moved }] }));

    const preview = await designer.previewImport(file);
    expect(preview.statuses).toEqual(['matched']);
    expect(preview.summary).toMatch(/匹配 1，新增 0，未匹配 0，待定 0/);
    expect(preview.rows[0]![2]).toContain(ESTATE);
    expect(Number(/([\d.]+) m/.exec(preview.rows[0]![4]!)![1])).toBeCloseTo(5, 0);
    expect((await current()).properties.version).toBe(before.properties.version);
    await designer.showImport();
    await designer.screenshot(shot('scopes-import.png'));

    expect(await designer.confirmImport()).toMatch(/已导入：1 个小区红线/);
    const after = await current();
    expect(after.properties.version).toBe(before.properties.version + 1);
    expect(after.geometry.coordinates[0]![0]![0]![0]).toBeCloseTo(before.geometry.coordinates[0]![0]![0]![0]! + 0.00005, 7);
    expect(await history()).toHaveLength(3);
    expect(browser.errors).toEqual([]);
  });
});

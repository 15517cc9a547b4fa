import { describe, expect, it } from 'vitest';
import { anySyntheticRedLine, exportFileName, legendSections, metresPerPixel, scaleBar } from '../../client/src/print/compose.ts';
import { estateLayerEntries } from '../../client/src/estates/layerEntries.ts';
import { DICTS } from '../../client/src/i18n/dict.ts';
import type { EstateCollection } from '../../client/src/estates/api.ts';

describe('the thematic map’s scale bar', () => {
  it('uses Web Mercator with 512-pixel tiles: 78,271.5 m per pixel at zoom 0 on the equator, halved per zoom level', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
    expect(metresPerPixel(1, 0)).toBeCloseTo(78271.517 / 2, 2);
    // At 60° the parallel is half the equator.
    expect(metresPerPixel(10, 60)).toBeCloseTo(78271.517 / 1024 / 2, 4);
  });

  it('zoom 14 on the equator, 100 px at most: 477.7 m fit, the bar is 200 m over 41.9 px', () => {
    const bar = scaleBar(14, 0, 100);
    expect(bar.metres).toBe(200);
    expect(bar.label).toBe('200 m');
    expect(bar.pixels).toBeCloseTo(200 / (78271.517 / 16384), 3);
  });

  it('zoom 10 at 60° north, 160 px at most: 6.1 km fit, the bar is 5 km', () => {
    const bar = scaleBar(10, 60, 160);
    expect(bar.metres).toBe(5000);
    expect(bar.label).toBe('5 km');
  });

  it('Nankang (25.66° N) at zoom 13.2: a round 1, 2 or 5 × 10^n that fills between 40 % and 100 % of the room', () => {
    for (const zoom of [3, 6.5, 9, 11.3, 13.2, 15, 17.5]) {
      const bar = scaleBar(zoom, 25.66, 160);
      expect(bar.pixels).toBeLessThanOrEqual(160);
      expect(bar.pixels).toBeGreaterThanOrEqual(160 * 0.4);
      const lead = bar.metres / 10 ** Math.floor(Math.log10(bar.metres));
      expect([1, 2, 5]).toContain(Math.round(lead * 1e9) / 1e9);
    }
  });
});

describe('the thematic map’s file name', () => {
  it('is <programme>_<month>_专题图.png', () => {
    expect(exportFileName('南康区2024年城镇老旧小区改造计划', '2024-06')).toBe('南康区2024年城镇老旧小区改造计划_2024-06_专题图.png');
  });
  it('replaces characters a file system refuses', () => {
    expect(exportFileName('A/B: "plan"?', '最新')).toBe('A_B_ _plan__最新_专题图.png');
  });
});

describe('the thematic map’s legend', () => {
  const estate = (id: number, progressPct: number | null, placed: boolean, synthetic = true) =>
    ({
      type: 'Feature',
      id,
      geometry: placed ? { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } : null,
      properties: { progressPct, investmentRate: null, synthetic, location: null },
    }) as unknown as EstateCollection['features'][number];
  const fc = (features: EstateCollection['features']): EstateCollection => ({ type: 'FeatureCollection', features });

  const t = (k: keyof typeof DICTS.zh) => DICTS.zh[k];

  it('counts the placed estates per class, highest class first, no data last; unplaced ones are not on the map', () => {
    const entries = estateLayerEntries('progress', fc([estate(1, 95, true), estate(2, 85, true), estate(3, 10, true), estate(4, null, true), estate(5, 50, false)]), t, 'zh', 10_000);
    const [estates] = legendSections(entries, new Set(), t('prCountsNote'));
    expect(estates!.id).toBe('estates');
    expect(estates!.notes).toContain('数字为地图上各类小区个数');
    const rows = estates!.items.filter((i) => i.kind === 'fill' || i.kind === 'hatched');
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['p80', 2],
      ['p60', 0],
      ['p40', 0],
      ['p20', 0],
      ['p0', 1],
      ['nodata', 1],
    ]);
    // The one estate not placed is said in words, the red lines are said to be synthetic.
    expect(estates!.items.find((i) => i.key === 'unplaced')?.label).toBe('未落图 1 个小区（不在地图上）');
    expect(estates!.items.find((i) => i.key === 'red-line')?.label).toContain('红线为示意');
  });

  it('prints only the layers switched on, in the panel’s order', () => {
    const entries = estateLayerEntries('investment', fc([estate(1, 95, true)]), t, 'zh', 10_000);
    expect(legendSections(entries, new Set(), '').map((s) => s.id)).toEqual(['estates', 'buildings']);
    expect(legendSections(entries, new Set(['buildings']), '').map((s) => s.id)).toEqual(['estates']);
    // A plan without money says why every estate is hatched, on paper as on screen.
    expect(legendSections(entries, new Set(), '')[0]!.notes.join()).toContain('本计划没有投资数据');
  });

  it('notes synthetic geometry only when a red line on the map is synthetic', () => {
    expect(anySyntheticRedLine(fc([estate(1, 10, true, true)]))).toBe(true);
    expect(anySyntheticRedLine(fc([estate(1, 10, true, false)]))).toBe(false);
    expect(anySyntheticRedLine(fc([estate(1, 10, false, true)]))).toBe(false);
  });
});

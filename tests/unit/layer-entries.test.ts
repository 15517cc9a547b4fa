import { describe, expect, it } from 'vitest';
import { formatHidden, hiddenLayerIds, legacyHeatmapOff, parseHidden, toggled } from '../../client/src/layers/hidden.ts';
import { dashboardLayerEntries } from '../../client/src/dashboard/layerEntries.ts';
import { pipelineLayerEntries } from '../../client/src/pipelines/layerEntries.ts';
import { DICTS } from '../../client/src/i18n/dict.ts';
import type { RankingRow } from '../../client/src/dashboard/types.ts';
import type { Conflict, Corridor, MoratoriumHit, WorkFeature } from '../../shared/pipelines/contract.ts';

const t = (k: keyof typeof DICTS.zh) => DICTS.zh[k];

describe('the hidden layers in the URL (#y=)', () => {
  it('keeps known entry ids only, in one canonical order, so one set gives one URL', () => {
    expect([...parseHidden('heatmap,nonsense, estates')]).toEqual(['estates', 'heatmap']);
    expect(formatHidden(parseHidden('heatmap,estates'))).toBe('estates,heatmap');
    expect(formatHidden(parseHidden(''))).toBeNull();
    expect(formatHidden(toggled(parseHidden('heatmap'), 'heatmap'))).toBeNull();
    expect(formatHidden(toggled(parseHidden('heatmap'), 'corridors'))).toBe('heatmap,corridors');
  });

  it('reads a link shared before the panel (#h=0) as the heatmap switched off, and drops the old key', () => {
    expect(legacyHeatmapOff('buildings', '0')).toEqual({ y: 'buildings,heatmap', h: null });
    expect(legacyHeatmapOff(null, '0')).toEqual({ y: 'heatmap', h: null });
    expect(legacyHeatmapOff('buildings', '1')).toEqual({ y: 'buildings', h: null });
    expect(legacyHeatmapOff('buildings', null)).toBeNull();
  });

  it('names the map and deck.gl layers of the hidden entries among those listed', () => {
    const entries = dashboardLayerEntries([], 'investmentRate', 'district', t);
    expect(hiddenLayerIds(entries, parseHidden('heatmap'))).toEqual({ map: [], deck: ['dashboard-heatmap', 'dashboard-heatmap-clip'] });
    // An entry not on the map now (the zones outside 片区规划) hides nothing.
    expect(hiddenLayerIds(entries, parseHidden('zones'))).toEqual({ map: [], deck: [] });
  });
});

describe('the dashboard’s layer entries', () => {
  const row = (code: string, investmentRate: number | null, completionRate: number | null) => ({ code, name: code, investmentRate, completionRate }) as unknown as RankingRow;
  const rows = [row('a', 0.95, 0.05), row('b', 0.92, null), row('c', 0.05, 0.35), row('d', null, 0.6)];

  it('counts the ranked regions per rate class of the metric the map is coloured by, highest first, no rate last', () => {
    const choropleth = dashboardLayerEntries(rows, 'investmentRate', 'street', t).find((e) => e.id === 'choropleth')!;
    expect(choropleth.legend.map((i) => [i.key, i.count])).toEqual([
      ['r90', 2],
      ['r60', 0],
      ['r30', 0],
      ['r10', 0],
      ['r0', 1],
      ['none', 1],
    ]);
    expect(choropleth.subtitle).toBe('街道 · 投资完成率');
    const byCompletion = dashboardLayerEntries(rows, 'completionRate', 'district', t).find((e) => e.id === 'choropleth')!;
    expect(byCompletion.legend.map((i) => i.count)).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('gives the heatmap its fixed colour scale and says what it weighs', () => {
    const heat = dashboardLayerEntries(rows, 'investmentRate', 'district', t).find((e) => e.id === 'heatmap')!;
    expect(heat.legend[0]!.kind).toBe('gradient');
    expect(heat.legend[0]!.stops!.length).toBe(6);
    expect(heat.notes!.join()).toContain('计划投资 − 累计完成投资');
  });
});

describe('the dig-once layer entries', () => {
  const work = (id: number, utility: WorkFeature['properties']['utility']) => ({ id, properties: { id, utility } }) as unknown as WorkFeature;
  it('counts works per utility, crossings with a point, corridors and distinct closed roads', () => {
    const entries = pipelineLayerEntries(
      {
        works: [work(1, 'water'), work(2, 'water'), work(3, 'gas')],
        conflicts: [{ a: 1, b: 3, point: { type: 'Point', coordinates: [0, 0] } }, { a: 1, b: 2, point: null }] as unknown as Conflict[],
        corridors: [{ workIds: [1, 2] }] as unknown as Corridor[],
        moratorium: [{ workId: 1, roadId: 7 }, { workId: 2, roadId: 7 }, { workId: 3, roadId: 8 }] as unknown as MoratoriumHit[],
      },
      t,
    );
    const byId = Object.fromEntries(entries.map((e) => [e.id, e]));
    expect(byId.pipelines!.legend.map((i) => [i.label, i.count])).toEqual([
      ['给水', 2],
      ['燃气', 1],
    ]);
    expect(byId.conflicts!.legend[0]!.count).toBe(1);
    expect(byId.conflicts!.notes).toEqual(['另有同期、先后冲突 1 处，见冲突表']);
    expect(byId.corridors!.legend[0]!.count).toBe(1);
    expect(byId.moratorium!.legend[0]!.count).toBe(2);
    expect(entries.map((e) => e.id)).toEqual(['conflicts', 'pipelines', 'corridors', 'moratorium']);
  });
});

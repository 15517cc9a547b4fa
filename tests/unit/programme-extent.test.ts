import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it, vi } from 'vitest';
import type { Programme, RegionCollection } from '../../client/src/places/api.ts';
import { MIN_SPAN_DEG, programmeExtent, programmesBbox } from '../../client/src/places/extent.ts';
import { programmeMarkers } from '../../client/src/places/programmeMarkers.ts';
import { OVERLAY_LAYERS, overlaySources } from '../../client/src/map/style.ts';

// What the map frames for a programme, from whatever the server knows: the crash of issue 13 was a
// programme without placed estates (bbox null) destructured here. Servers before and after the
// regions work (which adds `frame`) must both work.

// As a server before the regions work sent it (no id, counts or frame): the client must cope with
// fields missing, not only with nulls.
const base = { key: 'p', name: '南康区2025年城镇老旧小区改造计划', nameEn: 'Nankang 2025', districtCodes: ['360703'], year: 2025, bbox: null, estateCount: 28 } as Programme;
const square = (code: string, [x, y]: [number, number], d: number) => ({
  type: 'Feature' as const,
  properties: { code, name: code, level: 'district' as const, parent: code.slice(0, 4), codeSource: 'nbs2023' as const, synthetic: true },
  geometry: { type: 'Polygon' as const, coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] },
});
const districts: RegionCollection = {
  type: 'FeatureCollection',
  features: [square('360703', [114.76, 25.66], 0.2), square('150302', [106.82, 39.67], 0.1), { ...square('999999', [0, 0], 1), geometry: null }],
};

describe('programmeExtent', () => {
  it('frames the placed estates first: the server bbox, or its frame when it says it comes from the estates', () => {
    expect(programmeExtent({ ...base, bbox: [114.7, 25.6, 114.8, 25.7] }, districts)).toEqual({ bbox: [114.7, 25.6, 114.8, 25.7], source: 'estates' });
    expect(programmeExtent({ ...base, frame: { bbox: [114.7, 25.6, 114.8, 25.7], source: 'estates' } }, districts)).toEqual({ bbox: [114.7, 25.6, 114.8, 25.7], source: 'estates' });
  });

  it('widens a single placed point to about a kilometre, centred on it', () => {
    const e = programmeExtent({ ...base, bbox: [114.76, 25.66, 114.76, 25.66] }, null)!;
    expect(e.bbox[2] - e.bbox[0]).toBeCloseTo(MIN_SPAN_DEG, 12);
    expect((e.bbox[0] + e.bbox[2]) / 2).toBeCloseTo(114.76, 12);
    expect((e.bbox[1] + e.bbox[3]) / 2).toBeCloseTo(25.66, 12);
  });

  it('with nothing placed: the districts’ outlines, else the server’s province or country frame, else nothing (all of China)', () => {
    expect(programmeExtent(base, districts)).toEqual({ bbox: [114.56, 25.46, 114.96, 25.86].map((v) => expect.closeTo(v, 9)), source: 'district' });
    const province = { bbox: [113.5, 24.5, 118.5, 30.1] as [number, number, number, number], source: 'province' as const };
    expect(programmeExtent({ ...base, frame: province }, districts)!.source).toBe('district');
    expect(programmeExtent({ ...base, districtCodes: ['360111'], frame: province }, districts)).toEqual(province);
    expect(programmeExtent({ ...base, districtCodes: ['360111'] }, districts)).toBeNull();
    expect(programmeExtent({ ...base, districtCodes: ['999999'] }, districts)).toBeNull();
    // A plan without estates: its own region.
    expect(programmeExtent({ ...base, districtCodes: [], regionCode: '150302' }, districts)!.source).toBe('district');
    expect(programmeExtent({ ...base, districtCodes: [] }, null)).toBeNull();
  });
});

describe('the overview', () => {
  it('has a dot per place that is known, none for a place known only as China, and never throws on a null bbox', () => {
    const programmes: Programme[] = [
      { ...base, key: 'nankang-2024', year: 2024, bbox: [114.7, 25.6, 114.8, 25.7] },
      { ...base, key: '360703-2025' },
      { ...base, key: 'somewhere-2025', districtCodes: ['360111'], frame: { bbox: [73.5, 18, 135, 53.5], source: 'country' } },
    ];
    const markers = programmeMarkers(programmes, 'zh', null);
    // Nankang's two programmes share a dot at the placed one's centre; it opens the latest (2025).
    expect(markers).toEqual([{ key: '360703-2025', position: [114.75, 25.65].map((v) => expect.closeTo(v, 9)), text: '南康区 2024 / 2025' }]);
    expect(programmeMarkers([{ ...base }], 'en', null)).toEqual([]);
    expect(programmesBbox(programmes, null)).toEqual([114.7, 25.6, 114.8, 25.7]);
    expect(programmesBbox([{ ...base }], null)).toBeNull();
    expect(programmesBbox([], null)).toBeNull();
  });
});

describe('the estate layers', () => {
  it('are a valid MapLibre style, provisional points included', () => {
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:8080' });
    const style = { version: 8 as const, sources: overlaySources(), layers: OVERLAY_LAYERS };
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(OVERLAY_LAYERS.map((l) => l.id)).toContain('estates-provisional');
  });
});

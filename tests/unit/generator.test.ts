/**
 * The synthetic geometry generator, on Nankang's real 2024 plan (28 estates, 11 projects, one of
 * them spanning two communities) plus a small Wuhai-like input and a synthetic national sample.
 */
import { describe, expect, it } from 'vitest';
import { area, booleanClockwise, booleanWithin, featureCollection, intersect, kinks, lineIntersect } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { generate, generateByDistrict, type GenEstate, type GenInput, type GenOutput } from '../../geodata/generate/index.ts';
import { nankangInput } from '../../geodata/generate/fixture-nankang.ts';
import { syntheticInput } from '../../geodata/generate/synthetic.ts';
import { PHASES } from '../../shared/phases.ts';

const input = nankangInput({ estatesWithRealProgress: [21] });
const out = generate(input);
const estateById = new Map(input.estates.map((e) => [e.id, e]));
const geomById = new Map(out.estates.map((e) => [e.estateId, e.geometry]));
const outlineByCode = new Map(out.outlines.map((o) => [o.code, o.geometry]));

// --- planar helpers (metres, equirectangular around the feature) -------------------------------

type XY = [number, number];
const LAT0 = 25.66;
const m = (p: Position, lat0 = LAT0): XY => [
  (p[0] as number) * 111320 * Math.cos((lat0 * Math.PI) / 180),
  (p[1] as number) * 110540,
];
const pointSeg = (p: XY, a: XY, b: XY): number => {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
};
const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const segSeg = (a: XY, b: XY, c: XY, d: XY): number => {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (d1 * d2 < 0 && d3 * d4 < 0) return 0;
  return Math.min(pointSeg(a, c, d), pointSeg(b, c, d), pointSeg(c, a, b), pointSeg(d, a, b));
};
/** Minimum distance between two polylines/rings given as lon/lat coordinates. */
const lineDist = (p: Position[], q: Position[], lat0 = LAT0): number => {
  let best = Infinity;
  for (let i = 0; i + 1 < p.length; i++)
    for (let j = 0; j + 1 < q.length; j++)
      best = Math.min(
        best,
        segSeg(m(p[i] as Position, lat0), m(p[i + 1] as Position, lat0), m(q[j] as Position, lat0), m(q[j + 1] as Position, lat0)),
      );
  return best;
};
/** Planar area in m² (turf's geodesic area is fine too; this keeps the unit obvious). */
const areaM2 = (g: MultiPolygon | Polygon): number => area(g);
const overlapM2 = (a: MultiPolygon | Polygon, b: MultiPolygon | Polygon): number => {
  const x = intersect(featureCollection([feat(a), feat(b)]));
  return x ? area(x) : 0;
};
const feat = <G extends MultiPolygon | Polygon | LineString>(geometry: G): Feature<G> => ({ type: 'Feature', properties: {}, geometry });
const bbox = (g: MultiPolygon | Polygon): [number, number, number, number] => {
  const pts = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
  return [
    Math.min(...pts.map((p) => p[0] as number)),
    Math.min(...pts.map((p) => p[1] as number)),
    Math.max(...pts.map((p) => p[0] as number)),
    Math.max(...pts.map((p) => p[1] as number)),
  ];
};
const bboxesMeet = (a: number[], b: number[]) =>
  (a[0] as number) <= (b[2] as number) && (b[0] as number) <= (a[2] as number) && (a[1] as number) <= (b[3] as number) && (b[1] as number) <= (a[3] as number);

/** Closed, counter-clockwise exterior, clockwise holes, no self-intersection, 1e-7° precision. */
function expectValid(g: MultiPolygon | Polygon, what: string): void {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  expect(polys.length, what).toBeGreaterThan(0);
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      expect(ring.length, what).toBeGreaterThanOrEqual(4);
      expect(ring[0], `${what} ring closed`).toEqual(ring[ring.length - 1]);
      expect(booleanClockwise(ring), `${what} ring ${k} orientation`).toBe(k !== 0);
      for (const p of ring) for (const v of p) expect(Math.abs(v * 1e7 - Math.round(v * 1e7)), what).toBeLessThan(1e-6);
    });
    expect(kinks({ type: 'Polygon', coordinates: poly }).features, `${what} self-intersections`).toHaveLength(0);
  }
}

const monthsBetween = (a: string, b: string) => {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
};
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86400000;

// --- tests ---------------------------------------------------------------------------------------

describe('generate: determinism', () => {
  it('gives byte-identical JSON for the same input and seed', () => {
    expect(JSON.stringify(generate(nankangInput({ estatesWithRealProgress: [21] })))).toBe(JSON.stringify(out));
  });

  it('does not depend on the order of the input lists', () => {
    const shuffled: GenInput = { ...input, regions: input.regions.slice().reverse(), estates: input.estates.slice().reverse() };
    expect(generate(shuffled)).toEqual(out);
  });

  it('gives different geometry for a different seed', () => {
    const other = generate({ ...input, seed: 2 });
    expect(other.estates).toHaveLength(out.estates.length);
    expect(JSON.stringify(other.estates)).not.toBe(JSON.stringify(out.estates));
    expect(JSON.stringify(other.reports)).not.toBe(JSON.stringify(out.reports));
  });

});

describe('generate: estate red lines', () => {
  it('gives every estate one valid MultiPolygon', () => {
    expect(out.estates).toHaveLength(28);
    for (const e of out.estates) expectValid(e.geometry, `estate ${e.estateId}`);
  });

  it('never overlaps two estates', () => {
    for (let i = 0; i < out.estates.length; i++)
      for (let j = i + 1; j < out.estates.length; j++) {
        const a = out.estates[i] as GenOutput['estates'][number];
        const b = out.estates[j] as GenOutput['estates'][number];
        expect(overlapM2(a.geometry, b.geometry), `${a.estateId} × ${b.estateId}`).toBeLessThan(0.01);
      }
  });

  it('places the estates of one project next to each other (gaps of at most 15 m)', () => {
    const projects = new Map<string, GenEstate[]>();
    for (const e of input.estates) if (e.projectKey) projects.set(e.projectKey, [...(projects.get(e.projectKey) ?? []), e]);
    expect([...projects.values()].filter((p) => p.length > 1).length).toBeGreaterThanOrEqual(5);
    for (const [name, estates] of projects) {
      // Connected when linking estates whose red lines are within 15 m.
      const ring = (e: GenEstate) => (geomById.get(e.id) as MultiPolygon).coordinates[0]?.[0] as Position[];
      const reached = new Set([estates[0]?.id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const e of estates)
          if (!reached.has(e.id) && estates.some((o) => reached.has(o.id) && lineDist(ring(e), ring(o)) <= 15)) {
            reached.add(e.id);
            grew = true;
          }
      }
      expect(reached.size, name).toBe(estates.length);
    }
  });

  it('keeps different projects of a street apart by a road of at least 15 m', () => {
    const es = input.estates;
    for (const a of es)
      for (const b of es) {
        if (a.id >= b.id || a.streetCode !== b.streetCode || a.projectKey === b.projectKey) continue;
        const ra = (geomById.get(a.id) as MultiPolygon).coordinates[0]?.[0] as Position[];
        const rb = (geomById.get(b.id) as MultiPolygon).coordinates[0]?.[0] as Position[];
        expect(lineDist(ra, rb), `${a.name} / ${b.name}`).toBeGreaterThanOrEqual(15);
      }
  });

  it('sizes the site from the floor area at ~0.3 coverage over the buildings’ floors', () => {
    // Expected site = floor area / (mean floors × 0.3). The generator never goes below it (bar
    // 1e-7° rounding) and only grows a site when the slabs plus 6–10 m fire lanes and sunlight
    // spacing need more room. With Nankang's figures that growth stays under 1.5× (seen: ≤ 1.2×
    // for seeds 1–3); a site off by more would make coverage implausible (< 0.2 or > 0.32).
    const ratios: number[] = [];
    for (const e of input.estates) {
      const bs = out.buildings.filter((b) => b.estateId === e.id);
      const meanFloors = bs.reduce((s, b) => s + b.floors, 0) / bs.length;
      const expected = (e.floorAreaM2 as number) / (meanFloors * 0.3);
      const ratio = areaM2(geomById.get(e.id) as MultiPolygon) / expected;
      ratios.push(ratio);
      expect(ratio, e.name).toBeGreaterThan(0.95);
      expect(ratio, e.name).toBeLessThan(1.5);
      // The footprints × floors carry the estate's floor area (slab lengths are rounded to 0.5 m).
      const carried = bs.reduce((s, b) => s + b.floors * areaM2(b.geometry), 0);
      expect(carried / (e.floorAreaM2 as number), e.name).toBeGreaterThan(0.9);
      expect(carried / (e.floorAreaM2 as number), e.name).toBeLessThan(1.1);
    }
    // Most sites follow the floor area closely.
    expect(ratios.filter((r) => r < 1.1).length).toBeGreaterThanOrEqual(20);
    // 芙蓉新城 (17.3 万㎡) is by far the largest site.
    const big = areaM2(geomById.get(28) as MultiPolygon);
    for (const [id, g] of geomById) if (id !== 28) expect(areaM2(g)).toBeLessThan(big);
  });

  it('lies inside its community, street and district outlines', () => {
    for (const e of input.estates) {
      const g = feat(geomById.get(e.id) as MultiPolygon);
      for (const code of [e.communityCode as string, e.streetCode, e.districtCode])
        expect(booleanWithin(g, feat(outlineByCode.get(code) as MultiPolygon)), `${e.name} in ${code}`).toBe(true);
    }
  });
});

describe('generate: buildings', () => {
  it('draws exactly buildingCount footprints per estate, numbered 1..n', () => {
    for (const e of input.estates) {
      const numbers = out.buildings.filter((b) => b.estateId === e.id).map((b) => b.number);
      expect(numbers, e.name).toEqual(Array.from({ length: e.buildingCount as number }, (_, i) => i + 1));
    }
    expect(out.buildings.filter((b) => b.estateId === 28)).toHaveLength(108);
  });

  it('keeps every footprint inside its red line and apart from the others', () => {
    for (const e of input.estates) {
      const red = feat(geomById.get(e.id) as MultiPolygon);
      const bs = out.buildings.filter((b) => b.estateId === e.id);
      const boxes = bs.map((b) => bbox(b.geometry));
      bs.forEach((b, i) => {
        expectValid(b.geometry, `${e.name} ${b.number}号楼`);
        expect(booleanWithin(feat(b.geometry), red), `${e.name} ${b.number}号楼 within`).toBe(true);
        for (let j = i + 1; j < bs.length; j++) {
          if (!bboxesMeet(boxes[i] as number[], boxes[j] as number[])) continue;
          expect(overlapM2(b.geometry, (bs[j] as typeof b).geometry), `${e.name} ${b.number}×${j + 1}`).toBeLessThan(0.01);
        }
      });
    }
  });

  it('splits households across buildings so they sum to the estate’s', () => {
    for (const e of input.estates) {
      const hs = out.buildings.filter((b) => b.estateId === e.id).map((b) => b.households);
      expect(hs.every((h) => Number.isInteger(h) && (h as number) >= 0), e.name).toBe(true);
      expect(hs.reduce<number>((s, h) => s + (h as number), 0), e.name).toBe(e.households);
    }
  });

  it('uses 4–7 floors for most buildings', () => {
    const typical = out.buildings.filter((b) => b.floors >= 4 && b.floors <= 7).length;
    expect(typical / out.buildings.length).toBeGreaterThan(0.8);
  });

  it('derives missing figures: ≈ households/24 buildings, null households per building when unknown', () => {
    const base = nankangInput();
    const estates = base.estates.map((e) =>
      e.id === 21 ? { ...e, buildingCount: null, floorAreaM2: null } : e.id === 22 ? { ...e, households: null } : e,
    );
    const o = generate({ ...base, estates });
    expect(o.buildings.filter((b) => b.estateId === 21)).toHaveLength(Math.round(644 / 24));
    const station = o.buildings.filter((b) => b.estateId === 22);
    expect(station).toHaveLength(3);
    expect(station.every((b) => b.households === null)).toBe(true);
  });
});

describe('generate: outlines', () => {
  it('outlines every district, street and community of the input, and no province or city', () => {
    const expected = input.regions.filter((r) => ['district', 'street', 'community'].includes(r.level)).map((r) => r.code);
    expect(out.outlines.map((o) => o.code)).toEqual(expected.sort());
    for (const o of out.outlines) expectValid(o.geometry, o.code);
  });

  it('nests streets in their district and communities in their street', () => {
    for (const r of input.regions) {
      if (r.level !== 'street' && r.level !== 'community') continue;
      const inner = feat(outlineByCode.get(r.code) as MultiPolygon);
      const outer = feat(outlineByCode.get(r.parentCode as string) as MultiPolygon);
      expect(booleanWithin(inner, outer), `${r.name} in ${r.parentCode}`).toBe(true);
    }
  });

  it('tiles the district with streets and keeps communities apart', () => {
    const streets = input.regions.filter((r) => r.level === 'street').map((r) => outlineByCode.get(r.code) as MultiPolygon);
    const district = outlineByCode.get('360703') as MultiPolygon;
    const sum = streets.reduce((s, g) => s + areaM2(g), 0);
    expect(sum / areaM2(district)).toBeGreaterThan(0.999);
    expect(sum / areaM2(district)).toBeLessThan(1.001);
    const comms = input.regions.filter((r) => r.level === 'community');
    for (let i = 0; i < comms.length; i++)
      for (let j = i + 1; j < comms.length; j++)
        expect(
          overlapM2(outlineByCode.get(comms[i]?.code as string) as MultiPolygon, outlineByCode.get(comms[j]?.code as string) as MultiPolygon),
        ).toBeLessThan(1);
  });

  it('places streets at distinct spots within ~3 km of the district centre', () => {
    const centres = input.regions
      .filter((r) => r.level === 'street')
      .map((r) => {
        const [x0, y0, x1, y1] = bbox(outlineByCode.get(r.code) as MultiPolygon);
        return m([(x0 + x1) / 2, (y0 + y1) / 2]);
      });
    const c = m([114.76, 25.66]);
    for (const p of centres) expect(Math.hypot(p[0] - c[0], p[1] - c[1])).toBeLessThan(3000);
    const estateCentres = [1, 22, 28].map((id) => {
      const [x0, y0, x1, y1] = bbox(geomById.get(id) as MultiPolygon);
      return m([(x0 + x1) / 2, (y0 + y1) / 2]);
    });
    for (const p of estateCentres) expect(Math.hypot(p[0] - c[0], p[1] - c[1])).toBeLessThan(3000);
    const [a, b, d] = estateCentres as [XY, XY, XY];
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(200);
    expect(Math.hypot(a[0] - d[0], a[1] - d[1])).toBeGreaterThan(200);
  });
});

describe('generate: roads', () => {
  it('names roads after their street and gives kinds and paving dates 1–12 years before the plan', () => {
    expect(out.roads.length).toBeGreaterThan(10);
    for (const r of out.roads) {
      expect(r.name).toMatch(/路$/);
      expect(r.districtCode).toBe('360703');
      const year = Number(r.lastPavedOn.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(2024 - 12);
      expect(year).toBeLessThanOrEqual(2024 - 1);
      expect(r.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
    }
    expect(out.roads.some((r) => r.name.startsWith('蓉江'))).toBe(true);
    expect(new Set(out.roads.map((r) => r.kind))).toEqual(new Set(['arterial', 'secondary', 'branch']));
  });

  it('has some roads paved within 3–5 years before the plan year (for moratorium rules)', () => {
    // Even a strict three-year moratorium finds some.
    const recent = out.roads.filter((r) => Number(r.lastPavedOn.slice(0, 4)) >= 2024 - 3);
    expect(recent.length).toBeGreaterThanOrEqual(3);
    expect(recent.length).toBeLessThan(out.roads.length);
  });
});

describe('generate: pipeline works', () => {
  it('plans windows of 1–4 months in the plan year, with owners named after the place', () => {
    for (const p of out.pipelines) {
      expect(p.startDate.slice(0, 4)).toBe('2024');
      expect(p.endDate.slice(0, 4)).toBe('2024');
      expect(days(p.startDate, p.endDate)).toBeGreaterThanOrEqual(0);
      expect(days(p.startDate, p.endDate)).toBeLessThanOrEqual(121);
    }
    const owners = new Set(out.pipelines.map((p) => p.owner));
    expect([...owners].filter((o) => /^中国(电信|移动|联通)南康分公司$/.test(o)).length).toBeGreaterThan(0);
    expect(owners.has('南康区深燃公司') || owners.has('南康区自来水公司')).toBe(true);
    expect(out.pipelines.some((p) => p.utility === 'heating')).toBe(false);
  });

  it('lets some works of different utilities share a road stretch (≤ 3 m apart, ≤ 90 days apart)', () => {
    const road = out.pipelines.filter((p) => p.estateId === null);
    let pairs = 0;
    for (let i = 0; i < road.length; i++)
      for (let j = i + 1; j < road.length; j++) {
        const a = road[i] as (typeof road)[number];
        const b = road[j] as (typeof road)[number];
        if (a.utility === b.utility) continue;
        if (Math.abs(days(a.startDate, b.startDate)) > 90) continue;
        // Parallel along the same stretch: both ends of the shorter lie within 3 m of the other.
        const near = (p: Position[], q: Position[]) =>
          p.every((pt) => lineDist([pt, pt], q) <= 3) && lineDist(p, q) <= 3;
        if (near(a.geometry.coordinates, b.geometry.coordinates) || near(b.geometry.coordinates, a.geometry.coordinates)) pairs++;
      }
    expect(pairs).toBeGreaterThanOrEqual(3);
  });

  it('runs service lines into estates, crossing works along the road', () => {
    const service = out.pipelines.filter((p) => p.estateId !== null);
    expect(new Set(service.map((p) => p.estateId)).size).toBe(28);
    for (const p of service) {
      const end = p.geometry.coordinates[p.geometry.coordinates.length - 1] as Position;
      const red = feat(geomById.get(p.estateId as number) as MultiPolygon);
      expect(booleanWithin({ type: 'Point', coordinates: end }, red), `service line of ${p.estateId}`).toBe(true);
    }
    const road = out.pipelines.filter((p) => p.estateId === null);
    const crossings = service.filter((s) => road.some((r) => r.utility !== s.utility && lineIntersect(feat(s.geometry), feat(r.geometry)).features.length > 0));
    expect(crossings.length).toBeGreaterThan(0);
  });
});

describe('generate: monthly reports', () => {
  const byEstate = new Map<number, GenOutput['reports']>();
  for (const r of out.reports) byEstate.set(r.estateId, [...(byEstate.get(r.estateId) ?? []), r]);

  it('has none for estates with real progress, and a history for all others', () => {
    expect(byEstate.has(21)).toBe(false);
    expect(byEstate.size).toBe(27);
  });

  it('advances monthly through the seven phases in order, progress never going back', () => {
    for (const [id, rs] of byEstate) {
      expect(rs[0]?.period.slice(0, 4), `${id}`).toBe('2024');
      expect(Number(rs[0]?.period.slice(5))).toBeLessThanOrEqual(6);
      rs.forEach((r, k) => {
        expect(r.progressPct).toBeGreaterThanOrEqual(0);
        expect(r.progressPct).toBeLessThanOrEqual(100);
        expect(r.completed, `${id} ${r.period}`).toBe(r.progressPct === 100);
        expect(r.completedInvestmentWan).toBeNull();
        expect(r.period <= '2024-12').toBe(true);
        if (r.completed) expect(['acceptance', 'maintenance']).toContain(r.phase);
        const prev = rs[k - 1];
        if (!prev) {
          expect(r.phase).toBe('survey');
          return;
        }
        expect(monthsBetween(prev.period, r.period)).toBe(1);
        expect(r.progressPct, `${id} ${r.period}`).toBeGreaterThanOrEqual(prev.progressPct);
        const step = PHASES.indexOf(r.phase) - PHASES.indexOf(prev.phase);
        expect(step, `${id} ${prev.phase} → ${r.phase}`).toBeGreaterThanOrEqual(0);
        expect(step).toBeLessThanOrEqual(1);
      });
    }
  });

  it('is submitted in the following month, mostly between the 5th and the 20th', () => {
    let onTime = 0;
    for (const r of out.reports) {
      const t = new Date(Date.parse(r.submittedAt) + 8 * 3600_000); // China time
      const next = monthsBetween(r.period, `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`);
      expect(next).toBe(1);
      if (t.getUTCDate() >= 5 && t.getUTCDate() <= 20) onTime++;
    }
    expect(onTime / out.reports.length).toBeGreaterThan(0.85);
    expect(onTime).toBeLessThan(out.reports.length);
  });

  it('produces no reports when reportUntil is before the plan year', () => {
    expect(generate(nankangInput({ reportUntil: '2023-12' })).reports).toHaveLength(0);
  });

  it('spreads progress: some done, many in the middle, a few lagging', () => {
    const s = syntheticInput({ estates: 400, seed: 3 });
    const o = generate({ ...s, estates: s.estates.map((e) => ({ ...e, planYear: 2024 })), reportUntil: '2024-12' });
    const latest = new Map<number, number>();
    for (const r of o.reports) latest.set(r.estateId, r.progressPct);
    const v = [...latest.values()];
    const share = (f: (x: number) => boolean) => v.filter(f).length / v.length;
    expect(share((x) => x === 100)).toBeGreaterThan(0.05);
    expect(share((x) => x > 20 && x < 100)).toBeGreaterThan(0.3);
    expect(share((x) => x <= 20)).toBeGreaterThan(0.03);
    expect(share((x) => x <= 20)).toBeLessThan(0.3);
  });
});

describe('generate: several districts (Wuhai) and missing figures', () => {
  const wuhai: GenInput = {
    seed: 7,
    reportUntil: '2021-04',
    estatesWithRealProgress: [],
    regions: [
      { code: '15', name: '内蒙古自治区', level: 'province', parentCode: null },
      { code: '1503', name: '乌海市', level: 'city', parentCode: '15' },
      { code: '150302', name: '海勃湾区', level: 'district', parentCode: '1503', centre: [106.82, 39.67] },
      { code: '150303', name: '海南区', level: 'district', parentCode: '1503', centre: [106.89, 39.44] },
      { code: '150304', name: '乌达区', level: 'district', parentCode: '1503', centre: [106.72, 39.51] },
      { code: '150302001', name: '新华街道', level: 'street', parentCode: '150302' },
      { code: '150302002', name: '海北街道', level: 'street', parentCode: '150302' },
      { code: '150304001', name: '三道坎街道', level: 'street', parentCode: '150304' },
    ],
    estates: [
      // Ids interleave between districts, as they do when the loader numbers estates plan by plan.
      est(1, '150302', '150302001', 'A', 300, null, null),
      est(2, '150304', '150304001', 'B', 120, 4, 9000),
      est(3, '150302', '150302002', null, null, null, null),
      est(4, '150304', '150304001', 'B', 80, 2, 5200),
      est(5, '150302', '150302001', 'A', null, 5, 12000),
    ],
  };
  const o = generate(wuhai);

  it('outlines all three districts, including the one without estates', () => {
    expect(o.outlines.map((x) => x.code)).toEqual(['150302', '150302001', '150302002', '150303', '150304', '150304001']);
    for (const x of o.outlines) expectValid(x.geometry, x.code);
  });

  it('derives buildings and site size from whatever figures exist', () => {
    const count = (id: number) => o.buildings.filter((b) => b.estateId === id).length;
    expect(count(1)).toBe(Math.round(300 / 24));
    expect(count(5)).toBe(5);
    expect(count(3)).toBe(1);
    // Estate 3 has no figures: a default 6000 m² of floor area.
    const a3 = areaM2(o.estates.find((e) => e.estateId === 3)?.geometry as MultiPolygon);
    expect(a3).toBeGreaterThan(6000 / (8 * 0.3));
    expect(a3).toBeLessThan(6000 / (3 * 0.3) * 2);
    expect(o.buildings.filter((b) => b.estateId === 5).every((b) => b.households === null)).toBe(true);
    // …and its one building carries those 6000 m² (a taller block, not a bigger floor area).
    const [b3] = o.buildings.filter((b) => b.estateId === 3);
    const carried = (b3?.floors as number) * areaM2(b3?.geometry as Polygon);
    expect(carried).toBeGreaterThan(6000 * 0.8);
    expect(carried).toBeLessThan(6000 * 1.25);
  });

  it('sorts its outputs by estate id and region code across districts', () => {
    const ids = o.estates.map((e) => e.estateId);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    const codes = o.outlines.map((x) => x.code);
    expect(codes).toEqual(codes.slice().sort());
    const b = o.buildings.map((x) => [x.estateId, x.number] as const);
    expect(b).toEqual(b.slice().sort((p, q) => p[0] - q[0] || p[1] - q[1]));
    const r = o.reports.map((x) => `${x.estateId}:${x.period}`);
    expect(new Set(o.reports.map((x) => x.estateId))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(o.reports.map((x) => x.estateId)).toEqual(o.reports.map((x) => x.estateId).sort((p, q) => p - q));
    expect(r).toEqual([...new Set(r)]);
  });

  it('plans heating works in Wuhai, by its heating company', () => {
    const heating = o.pipelines.filter((p) => p.utility === 'heating');
    expect(heating.length).toBeGreaterThan(0);
    expect(heating.every((p) => /热力公司$/.test(p.owner))).toBe(true);
  });

  it('streams one chunk per district in code order', () => {
    expect([...generateByDistrict(wuhai)].map((c) => c.districtCode)).toEqual(['150302', '150303', '150304']);
  });

  it('refuses districts too close to hold their estates apart', () => {
    const close: GenInput = {
      ...wuhai,
      regions: wuhai.regions.map((r) => (r.code === '150304' ? { ...r, centre: [106.821, 39.671] as [number, number] } : r)),
    };
    expect(() => generate(close)).toThrow(/too close/);
  });
});

describe('generate: synthetic national sample', () => {
  const s = syntheticInput({ estates: 1500, seed: 11, reportUntil: '2024-06' });
  const o = generate(s);
  const geoms = new Map(o.estates.map((e) => [e.estateId, e.geometry]));

  it('builds a consistent input: unique ids, known regions, projects within a street', () => {
    expect(s.estates).toHaveLength(1500);
    const codes = new Set(s.regions.map((r) => r.code));
    for (const e of s.estates) {
      expect(codes.has(e.streetCode) && codes.has(e.districtCode)).toBe(true);
      if (e.communityCode) expect(codes.has(e.communityCode)).toBe(true);
    }
    expect(new Set(s.estates.map((e) => e.id)).size).toBe(1500);
    expect(s.estates.filter((e) => e.projectKey).length).toBeGreaterThan(500);
  });

  it('never overlaps estates and keeps buildings inside (exact counts)', () => {
    // Sweep by west edge so only neighbours are compared.
    const items = o.estates.map((e) => ({ id: e.estateId, g: e.geometry, b: bbox(e.geometry) })).sort((p, q) => p.b[0] - q.b[0]);
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length && (items[j]?.b[0] as number) <= (items[i]?.b[2] as number); j++) {
        const a = items[i] as (typeof items)[number];
        const b = items[j] as (typeof items)[number];
        if (bboxesMeet(a.b, b.b)) expect(overlapM2(a.g, b.g), `${a.id} × ${b.id}`).toBeLessThan(0.01);
      }
    const counts = new Map<number, number>();
    for (const b of o.buildings) counts.set(b.estateId, (counts.get(b.estateId) ?? 0) + 1);
    for (const e of s.estates.slice(0, 300)) {
      const want = e.buildingCount ?? Math.max(1, Math.round((e.households ?? 0) / 24));
      if (e.buildingCount != null || e.households != null) expect(counts.get(e.id) ?? 0, e.name).toBe(want);
      for (const b of o.buildings.filter((x) => x.estateId === e.id))
        expect(booleanWithin(feat(b.geometry), feat(geeoms(e.id)))).toBe(true);
    }
    function geeoms(id: number) {
      return geoms.get(id) as MultiPolygon;
    }
  });

  it('keeps every estate inside its community and street outlines, communities valid', () => {
    const outlines = new Map(o.outlines.map((x) => [x.code, x.geometry]));
    for (const x of o.outlines) if (x.code.length === 12) expectValid(x.geometry, x.code);
    for (const e of s.estates.slice(0, 400)) {
      const g = feat(geoms.get(e.id) as MultiPolygon);
      for (const code of [e.communityCode, e.streetCode]) {
        if (!code) continue;
        expect(booleanWithin(g, feat(outlines.get(code) as MultiPolygon)), `${e.id} in ${code}`).toBe(true);
      }
    }
  });
});

function est(
  id: number,
  districtCode: string,
  streetCode: string,
  projectKey: string | null,
  households: number | null,
  buildingCount: number | null,
  floorAreaM2: number | null,
): GenEstate {
  return { id, name: `小区${id}`, districtCode, streetCode, communityCode: null, projectKey, households, buildingCount, floorAreaM2, planYear: 2021 };
}

/**
 * Region outlines of one district: the district polygon, the street cells and the community runs,
 * converted to WGS84 MultiPolygons. A community whose estates ended up in more than one run is
 * merged with turf's union so that its parts never share an edge (a valid MultiPolygon).
 */
import { featureCollection, polygon as turfPolygon, union } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import type { GenOutline } from './types.ts';
import { apply, cleanRing, multiPolygonToLonLat, signedArea, toLonLat, type LocalFrame, type XY } from './geom.ts';
import type { DistrictLayout } from './district.ts';
import { NO_COMMUNITY } from './layout.ts';

export function districtOutlines(
  districtCode: string,
  d: DistrictLayout,
  frame: LocalFrame,
  /** Codes of the street and community regions in the input: only those get an outline. */
  wanted: Set<string>,
): GenOutline[] {
  const out: GenOutline[] = [{ code: districtCode, geometry: multiPolygonToLonLat(frame, [d.outline]) }];
  d.streets.forEach((s, i) => {
    if (wanted.has(s.code)) out.push({ code: s.code, geometry: multiPolygonToLonLat(frame, [(d.cells[i] as { pts: XY[] }).pts]) });
  });
  const rings = new Map<string, XY[][]>();
  for (const s of d.streets)
    for (const [c, rs] of s.layout.communityRings) {
      if (c === NO_COMMUNITY || !wanted.has(c)) continue;
      const list = rings.get(c) ?? [];
      list.push(...rs.map((r) => r.map((p) => apply(s.transform, p))));
      rings.set(c, list);
    }
  for (const [code, rs] of rings) out.push({ code, geometry: mergeRings(frame, rs) });
  return out;
}

function mergeRings(frame: LocalFrame, rs: XY[][]): MultiPolygon {
  if (rs.length === 1) return multiPolygonToLonLat(frame, rs);
  // Union in local metres (planar), then convert; shared edges between runs disappear.
  const polys = rs.map((r) => turfPolygon([close(signedArea(r) >= 0 ? r : r.slice().reverse())]));
  const merged = union(featureCollection(polys));
  if (!merged) throw new Error('community union came back empty');
  const g = merged.geometry;
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return {
    type: 'MultiPolygon',
    coordinates: parts.map((poly) =>
      poly.map((ring, k) => {
        const open = cleanRing(ring.slice(0, -1).map((p) => [p[0], p[1]] as XY));
        // Exterior counter-clockwise, holes clockwise (RFC 7946).
        const oriented = (signedArea(open) >= 0) === (k === 0) ? open : open.slice().reverse();
        const ll: Position[] = oriented.map((p) => toLonLat(frame, p));
        ll.push(ll[0] as Position);
        return ll;
      }),
    ),
  };
}

function close(r: XY[]): XY[] {
  return [...r, r[0] as XY];
}

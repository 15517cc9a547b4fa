import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';

/** GeoJSON to EWKT (SRID 4326), the text form PostgreSQL's geometry input reads in COPY. */
const pos = (p: Position) => `${p[0]} ${p[1]}`;
const ring = (r: Position[]) => `(${r.map(pos).join(',')})`;
const poly = (rings: Position[][]) => `(${rings.map(ring).join(',')})`;

export function multiPolygonEwkt(g: Polygon | MultiPolygon): string {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return `SRID=4326;MULTIPOLYGON(${polys.map(poly).join(',')})`;
}

export function lineStringEwkt(g: LineString): string {
  return `SRID=4326;LINESTRING(${g.coordinates.map(pos).join(',')})`;
}

import type { Geometry, Position } from 'geojson';

/**
 * ISO / extended WKB → GeoJSON geometry, for GeoPackage blobs. Z and M values are noted and
 * dropped from the positions; the caller refuses Z, since a red line is 2D.
 */
export function readWkb(bytes: Uint8Array): { geometry: Geometry; has3d: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let has3d = false;
  const next = (): Geometry => {
    const le = view.getUint8(at) === 1;
    at += 1;
    const raw = view.getUint32(at, le);
    at += 4;
    // ISO: 1000s add Z, 2000s M, 3000s ZM; EWKB: high bits 0x80000000 Z, 0x40000000 M, 0x20000000 SRID.
    let type = raw & 0x0fffffff;
    let z = (raw & 0x80000000) !== 0;
    let m = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) at += 4;
    if (type >= 1000) {
      const dims = Math.floor(type / 1000);
      type %= 1000;
      z ||= dims === 1 || dims === 3;
      m ||= dims === 2 || dims === 3;
    }
    has3d ||= z;
    const width = 2 + (z ? 1 : 0) + (m ? 1 : 0);
    const u32 = () => {
      const v = view.getUint32(at, le);
      at += 4;
      return v;
    };
    const point = (): Position => {
      const p = [view.getFloat64(at, le), view.getFloat64(at + 8, le)];
      at += width * 8;
      return p;
    };
    const points = () => Array.from({ length: u32() }, point);
    const rings = () => Array.from({ length: u32() }, points);
    const parts = <T>(read: () => T) => Array.from({ length: u32() }, read);
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: point() };
      case 2:
        return { type: 'LineString', coordinates: points() };
      case 3:
        return { type: 'Polygon', coordinates: rings() };
      case 4:
        return { type: 'MultiPoint', coordinates: parts(() => (next() as GeoJSON.Point).coordinates) };
      case 5:
        return { type: 'MultiLineString', coordinates: parts(() => (next() as GeoJSON.LineString).coordinates) };
      case 6:
        return { type: 'MultiPolygon', coordinates: parts(() => (next() as GeoJSON.Polygon).coordinates) };
      case 7:
        return { type: 'GeometryCollection', geometries: parts(next) };
      default:
        throw new Error(`WKB geometry type ${raw} is not supported`);
    }
  };
  const geometry = next();
  return { geometry, has3d };
}

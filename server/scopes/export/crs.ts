import gcoord from 'gcoord';
import type { Position } from 'geojson';
import type { ExportCrs, ScopeMetadata } from '../../../shared/scopes/contract.ts';

/**
 * The coordinate reference system of an export. The database transforms to an EPSG system;
 * GCJ-02 has no EPSG code (it is WGS84 shifted by a published obfuscation, 400–600 m in China), so
 * the database gives WGS84 and Node applies the shift with gcoord, position by position.
 */
export interface TargetCrs {
  name: ExportCrs;
  projected: boolean;
  /** The SRID the database transforms to. */
  srid: number;
  /** The EPSG code a file may declare; null for GCJ-02. */
  epsg: number | null;
  /** 1e-7° (about 1 cm) for degrees, 1 mm for metres. */
  decimals: number;
  map?: (p: Position) => Position;
  label: string;
  /** For the file name: wgs84, cgcs2000, cgcs2000-gk-cm114e (EPSG:4547), gcj02. */
  fileTag: string;
}

const wgs84ToGcj02 = (p: Position): Position => gcoord.transform([p[0]!, p[1]!] as [number, number], gcoord.WGS84, gcoord.GCJ02) as Position;

/** `gkSrid`: the scope's Gauss–Krüger zone (metric_srid), needed only when projected. */
export function targetCrs(name: ExportCrs, projected: boolean, gkSrid: number | null): TargetCrs {
  if (name === 'gcj02') {
    return { name, projected: false, srid: 4326, epsg: null, decimals: 7, map: wgs84ToGcj02, label: 'GCJ-02 (WGS84 with the Chinese web-map offset; Amap, Tencent)', fileTag: 'gcj02' };
  }
  if (name === 'cgcs2000' && projected && !(gkSrid! >= 4534 && gkSrid! <= 4554)) {
    // metric_srid falls back to UTM outside China's longitudes, where CGCS2000 has no GK zone.
    const zone = gkSrid! % 100;
    return { name, projected: true, srid: gkSrid!, epsg: gkSrid!, decimals: 3, label: `WGS 84 / UTM zone ${zone}N (EPSG:${gkSrid}), metres: outside CGCS2000's Gauss–Krüger zones`, fileTag: `utm${zone}n` };
  }
  if (name === 'cgcs2000' && projected) {
    const cm = 75 + (gkSrid! - 4534) * 3;
    return {
      name,
      projected: true,
      srid: gkSrid!,
      epsg: gkSrid!,
      decimals: 3,
      label: `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E (EPSG:${gkSrid}), metres`,
      fileTag: `cgcs2000-gk-cm${cm}e`,
    };
  }
  if (name === 'cgcs2000') return { name, projected: false, srid: 4490, epsg: 4490, decimals: 7, label: 'CGCS2000 geographic (EPSG:4490)', fileTag: 'cgcs2000' };
  return { name, projected: false, srid: 4326, epsg: 4326, decimals: 7, label: 'WGS 84 (EPSG:4326)', fileTag: 'wgs84' };
}

export function crsMetadata(t: TargetCrs): ScopeMetadata['crs'] {
  return { name: t.name, projected: t.projected, epsg: t.epsg, label: t.label };
}

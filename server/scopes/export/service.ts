import type { Geometry } from 'geojson';
import type { Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { EXPORT_MEDIA_TYPES, SCOPE_LAYERS, type ExportScopeQuery, type ScopeLayer, type ScopeMetadata } from '../../../shared/scopes/contract.ts';
import { crsMetadata, targetCrs } from './crs.ts';
import { scopeBuildingsSql, scopeEstatesSql, scopeMetricSridSql, scopePipelinesSql, scopeSourcesSql, srsDefinitionSql } from './sql.ts';
import { writeCsv } from './formats/csv.ts';
import { writeDxf } from './formats/dxf.ts';
import { writeGeoJson } from './formats/geojson.ts';
import { writeGpkg } from './formats/gpkg-write.ts';
import type { ScopeFeature, ScopeFile } from './formats/types.ts';
import { roundGeometry } from './geometry.ts';
import { resolveScope, type Scope } from './scope.ts';

export interface ExportedFile {
  fileName: string;
  /** ASCII-only name for clients that ignore filename* (RFC 6266). */
  asciiFileName: string;
  contentType: string;
  body: string | Uint8Array;
}

const LAYER_SQL: Record<ScopeLayer, string> = { estate: scopeEstatesSql, building: scopeBuildingsSql, pipeline: scopePipelinesSql };
const FORMAT = {
  geojson: { ext: 'geojson', type: `${EXPORT_MEDIA_TYPES.geojson}; charset=utf-8` },
  gpkg: { ext: 'gpkg', type: EXPORT_MEDIA_TYPES.gpkg },
  csv: { ext: 'csv', type: `${EXPORT_MEDIA_TYPES.csv}; charset=utf-8` },
  dxf: { ext: 'dxf', type: EXPORT_MEDIA_TYPES.dxf },
} as const;

const WRITE_TEXT = { geojson: writeGeoJson, csv: writeCsv, dxf: writeDxf } as const;

/** The scope as one file, in the format and CRS asked for. */
export async function exportScope(db: Queryable, q: ExportScopeQuery, now = new Date()): Promise<ExportedFile> {
  const scope = await resolveScope(db, q);
  let gk: number | null = null;
  if (q.projected) {
    const [row] = await db.query<{ srid: number | null }>(scopeMetricSridSql, [scope.estateIds]);
    gk = row?.srid ?? null;
    if (gk === null) throw new HttpError(422, 'no_red_lines', `${scope.name}: none of its estates has a red line, so there is no zone to project to`, { estateIds: scope.estateIds });
  }
  const crs = targetCrs(q.crs, q.projected, gk);
  const layers = [];
  for (const layer of SCOPE_LAYERS) {
    const rows = await db.query<{ props: string; geometry: string | null }>(LAYER_SQL[layer], [
      scope.estateIds,
      crs.srid,
      ...(layer === 'pipeline' ? [scope.projectId, scope.kind === 'zone' && scope.zoneOutline ? scope.id : null] : []),
    ]);
    const features: ScopeFeature[] = rows.map((r) => ({
      props: JSON.parse(r.props) as Record<string, unknown>,
      geometry: roundGeometry(r.geometry ? (JSON.parse(r.geometry) as Geometry) : null, crs.decimals, crs.map),
    }));
    layers.push({ layer, features });
  }
  const srsWkt = crs.epsg === null ? null : ((await db.query<{ srtext: string }>(srsDefinitionSql, [crs.epsg]))[0]?.srtext ?? null);
  const metadata: ScopeMetadata = {
    scope: { kind: scope.kind, id: scope.id, name: scope.name, estateIds: scope.estateIds },
    source: await sourceLine(db, scope),
    generatedAt: now.toISOString(),
    crs: crsMetadata(crs),
    synthetic: layers.some((l) => l.features.some((f) => f.props.synthetic === true)),
    counts: Object.fromEntries(layers.map((l) => [l.layer, l.features.length])) as ScopeMetadata['counts'],
  };
  const file: ScopeFile = { metadata, crs, srsWkt, layers };
  const format = FORMAT[q.format];
  const body = q.format === 'gpkg' ? await writeGpkg(file) : await WRITE_TEXT[q.format](file);
  const ascii = scope.kind === 'estates' ? estatesStem(scope.estateIds) : `${scope.kind}-${scope.id}`;
  const stem = `${fileSafe(scope.name)}_${crs.fileTag}`;
  const asciiStem = `${ascii}_${crs.fileTag}`;
  return { fileName: `${stem}.${format.ext}`, asciiFileName: `${asciiStem}.${format.ext}`, contentType: format.type, body };
}

async function sourceLine(db: Queryable, scope: Scope): Promise<string> {
  const plans = await db.query<{ title: string; document: string | null }>(scopeSourcesSql, [scope.estateIds]);
  const docs = plans.map((p) => (p.document ? `${p.title} ${p.document}` : p.title)).join('; ');
  return `${docs}. Attributes from these programme documents; red lines, buildings and pipeline works marked synthetic are generated near the real place, not surveyed. Exported by estate-renovation-map.`;
}

/** estates-3-7-12, or estates-3-7-12-20-21-and-35-more for a long selection. */
function estatesStem(ids: number[]): string {
  return `estates-${ids.slice(0, 5).join('-')}${ids.length > 5 ? `-and-${ids.length - 5}-more` : ''}`;
}

/** A name any file system takes: no path separators, reserved or control characters. */
function fileSafe(name: string): string {
  const safe = name
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return safe || 'scope';
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(f: ExportedFile): string {
  return `attachment; filename="${f.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`;
}

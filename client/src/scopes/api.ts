import { call, download } from '../api/call.ts';
import { ApiRequestError } from '../api/http.ts';
import { scopesContract, type ExportCrs, type ExportFormat, type ImportLayer, type OverlapItem, type RedLineGeometry } from '../../../shared/scopes/contract.ts';

const r = scopesContract.routes;

/** What to export: a saved zone, a project, or a list of estates (the planner's selection). */
export type ScopeRef = { zone: number } | { project: number } | { estateIds: number[] };

export interface ExportChoice {
  format: ExportFormat;
  crs: ExportCrs;
  projected: boolean;
}

const exportQuery = (scope: ScopeRef, c: ExportChoice) => ({
  ...('zone' in scope ? { zone: scope.zone } : 'project' in scope ? { project: scope.project } : { estateIds: scope.estateIds.join(',') }),
  format: c.format,
  crs: c.crs,
  projected: c.projected ? ('true' as const) : undefined,
});

/**
 * Fetches the file and hands it to the browser as a download, so that a refusal (an empty
 * project, say) shows as a message in the panel instead of a page of JSON.
 */
export async function downloadScope(scope: ScopeRef, c: ExportChoice): Promise<string> {
  const { blob, fileName } = await download(r.export, { query: exportQuery(scope, c) });
  const name = fileName ?? 'scope';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export interface ImportOptions {
  layer?: ImportLayer;
  assign?: Record<number, number>;
  /** Write red lines that overlap other estates of their plan, for this reason (audited). */
  overlapReason?: string;
}

function postImport(file: File, fields: Record<string, string>) {
  const form = new FormData();
  form.set('file', file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return call(r.import, { body: form });
}

const importFields = (o: ImportOptions) => ({
  ...(o.layer ? { layer: o.layer } : {}),
  ...(o.assign && Object.keys(o.assign).length ? { assign: JSON.stringify(o.assign) } : {}),
  ...(o.overlapReason ? { allowOverlap: 'true', reason: o.overlapReason } : {}),
});

/** A red line drawn in the browser as the contract takes it: [lon, lat] pairs (the map draws in 2D). */
function redLine(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): RedLineGeometry {
  const ring = (positions: GeoJSON.Position[]) => positions.map((p): [number, number] => [p[0]!, p[1]!]);
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** The design scope routes (shared/scopes/contract.ts), typed by the contract. */
export const scopesApi = {
  preview: (file: File, o: ImportOptions) => postImport(file, importFields(o)),
  confirm: (file: File, o: ImportOptions, token: string) => postImport(file, { ...importFields(o), mode: 'confirm', token }),
  /** overlapReason: save although it overlaps other estates of the plan, for this reason (audited). */
  saveGeometry: (id: number, version: number, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon, overlapReason?: string) =>
    call(r.saveGeometry, { params: { id }, body: { version, geometry: redLine(geometry), ...(overlapReason ? { allowOverlap: true, reason: overlapReason } : {}) } }),
  /** What saving would do (the overlaps with their shapes), writing nothing. */
  checkGeometry: (id: number, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon, signal?: AbortSignal) =>
    call(r.checkGeometry, { params: { id }, body: { geometry: redLine(geometry) }, signal }),
  history: (id: number) => call(r.geometryHistory, { params: { id } }),
  revert: (id: number, entry: { historyId: number; version: number }, currentVersion: number, overlapReason?: string) =>
    call(r.revertGeometry, { params: { id }, body: { ...entry, currentVersion, ...(overlapReason ? { allowOverlap: true, reason: overlapReason } : {}) } }),
};

/** The refusal of a red line that overlaps other estates of its plan: the estates and areas, or null for any other error. */
export function overlapRefusal(e: unknown): OverlapItem[] | null {
  return e instanceof ApiRequestError && e.code === 'overlap' && Array.isArray(e.details) ? (e.details as OverlapItem[]) : null;
}

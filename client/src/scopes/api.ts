import type { ApiError } from '../../../shared/api.ts';
import type { EstateGeometryResponse, ExportCrs, ExportFormat, ImportLayer, ImportPreview } from '../../../shared/scopes.ts';
import { ApiRequestError, sendJson, withQuery } from '../api/http.ts';

/** What to export: a saved zone, a project, or a list of estates (the planner's selection). */
export type ScopeRef = { zone: number } | { project: number } | { estateIds: number[] };

export interface ExportChoice {
  format: ExportFormat;
  crs: ExportCrs;
  projected: boolean;
}

export function exportUrl(scope: ScopeRef, c: ExportChoice): string {
  return withQuery('/api/export/scope', {
    ...('zone' in scope ? { zone: scope.zone } : 'project' in scope ? { project: scope.project } : { estateIds: scope.estateIds.join(',') }),
    format: c.format,
    crs: c.crs,
    projected: c.projected ? 'true' : undefined,
  });
}

async function failure(res: Response): Promise<ApiRequestError> {
  const body = (await res.json().catch(() => null)) as Partial<ApiError> | null;
  return new ApiRequestError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText, body?.error?.details);
}

/** The name the server gave the file (RFC 6266 filename*, else filename). */
function fileNameOf(res: Response): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!);
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? 'scope';
}

/**
 * Fetches the file and hands it to the browser as a download, so that a refusal (an empty
 * project, say) shows as a message in the panel instead of a page of JSON.
 */
export async function downloadScope(scope: ScopeRef, c: ExportChoice): Promise<string> {
  const res = await fetch(exportUrl(scope, c));
  if (!res.ok) throw await failure(res);
  const name = fileNameOf(res);
  const url = URL.createObjectURL(await res.blob());
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
}

// Writes go through sendJson: the session's CSRF token, and the server's error shape as ApiRequestError.
function postImport(file: File, fields: Record<string, string>): Promise<ImportPreview> {
  const form = new FormData();
  form.set('file', file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return sendJson<ImportPreview>('POST', '/api/import/scope', form);
}

const importFields = (o: ImportOptions) => ({
  ...(o.layer ? { layer: o.layer } : {}),
  ...(o.assign && Object.keys(o.assign).length ? { assign: JSON.stringify(o.assign) } : {}),
});

export const scopesApi = {
  preview: (file: File, o: ImportOptions) => postImport(file, importFields(o)),
  confirm: (file: File, o: ImportOptions, token: string) => postImport(file, { ...importFields(o), mode: 'confirm', token }),
  saveGeometry: (id: number, version: number, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon) =>
    sendJson<EstateGeometryResponse>('PUT', `/api/estates/${id}/geometry`, { version, geometry }),
};

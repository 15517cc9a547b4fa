import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson, withQuery } from '../api/http.ts';
import type { PlanSummary } from '../../../shared/milestones/api.ts';
import { estateQueries } from '../estates/api.ts';
import { placesApi, placesQueries, type RegionSearchResult } from '../places/api.ts';

export type { PlanSummary };

export interface ImportWarning {
  code: string;
  message: string;
  row?: number | null;
  column?: string | null;
}

/** POST /api/import/plan: the same body for a preview (nothing written) and an import. */
export interface PlanImportResult {
  plan: { id?: number; slug: string; title: string; year: number; regionCode: string };
  estates: number;
  projects: number;
  reports: number;
  milestones: number;
  communitiesCreated: { code: string; name: string; street: string }[];
  warnings?: ImportWarning[];
  preview?: boolean;
}

/** One estate row in a re-import preview; the server may add fields. */
export interface TableRowChange {
  estateId?: number | null;
  name: string;
  row?: number | null;
  street?: string | null;
  community?: string | null;
  reports?: number;
  changes?: { field: string; before: unknown; after: unknown }[];
}

/** PUT /api/plans/:id/table: what replacing the table would do (or did, with applied). */
export interface TableReplacePreview {
  planId: number;
  version: number;
  nextVersion: number;
  kept: TableRowChange[];
  added: TableRowChange[];
  removed: TableRowChange[];
  changed: TableRowChange[];
  warnings: ImportWarning[];
  applied?: boolean;
}

/** A region found by GET /api/regions/search (shared/regions/contract.ts). */
export type RegionHit = RegionSearchResult;

export interface PlanImportForm {
  file: File;
  region: string;
  year: number;
  title?: string;
}

const planForm = (f: PlanImportForm, preview: boolean) => {
  const form = new FormData();
  form.set('file', f.file);
  form.set('region', f.region);
  form.set('year', String(f.year));
  if (f.title) form.set('title', f.title);
  if (preview) form.set('preview', 'true');
  return form;
};

export const plansApi = {
  list: (signal?: AbortSignal) => getJson<{ plans: PlanSummary[] }>('/api/plans', signal).then((b) => b.plans),
  importPlan: (f: PlanImportForm, preview: boolean) => sendJson<PlanImportResult>('POST', '/api/import/plan', planForm(f, preview)),
  replaceTable: (id: number, file: File, opts: { confirm: boolean; version?: number }) => {
    const form = new FormData();
    form.set('file', file);
    if (opts.confirm) form.set('confirm', 'true');
    if (opts.version !== undefined) form.set('version', String(opts.version));
    return sendJson<TableReplacePreview>('PUT', `/api/plans/${id}/table`, form);
  },
  remove: (id: number, slug: string, force: boolean) =>
    sendJson<unknown>('DELETE', withQuery(`/api/plans/${id}`, { confirm: slug, force: force ? 'true' : undefined })),
  searchRegions: placesApi.searchRegions,
};

/** The plans (GET /api/plans), one cache entry for every panel that lists them; always refetched when shown. */
export const plansQuery = () => queryOptions({ queryKey: ['plans'], queryFn: ({ signal }) => plansApi.list(signal), staleTime: 0 });

/** Query keys of everything a plan change makes stale: the place picker, the list, the map's estates. */
export const PLAN_DEPENDENT_KEYS: readonly (readonly unknown[])[] = [['plans'], placesQueries.programmesStale(), ...estateQueries.stale()];

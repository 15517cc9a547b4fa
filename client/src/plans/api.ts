import { queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { plansContract } from '../../../shared/plans/contract.ts';
import { estateQueries } from '../estates/api.ts';
import { placesApi, placesQueries, type RegionSearchResult } from '../places/api.ts';

export type { ImportWarning, PlanImportResult, PlanSummary, TableReplacement, TableRowChange } from '../../../shared/plans/contract.ts';

const r = plansContract.routes;

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

/** The plans routes (shared/plans/contract.ts), typed by the contract. */
export const plansApi = {
  importPlan: (f: PlanImportForm, preview: boolean) => call(r.importPlan, { body: planForm(f, preview) }),
  replaceTable: (id: number, file: File, opts: { confirm: boolean; version?: number }) => {
    const form = new FormData();
    form.set('file', file);
    if (opts.confirm) form.set('confirm', 'true');
    if (opts.version !== undefined) form.set('version', String(opts.version));
    return call(r.replaceTable, { params: { id }, body: form });
  },
  remove: (id: number, slug: string, force: boolean) => call(r.remove, { params: { id }, query: { confirm: slug, force: force ? 'true' : undefined } }),
  searchRegions: placesApi.searchRegions,
};

/**
 * The plans (GET /api/plans), one cache entry for every panel that lists them (计划管理 and
 * 形象进度与目标): the entry holds the route's answer as sent, each panel reads its list; always
 * refetched when shown.
 */
export const plansQuery = () =>
  queryOptions({ queryKey: keyOf(r.list), queryFn: ({ signal }) => call(r.list, { signal }), select: (b) => b.plans, staleTime: 0 });

/** Query keys of everything a plan change makes stale: the list, the place picker, the map's estates. */
export const PLAN_DEPENDENT_KEYS: readonly (readonly unknown[])[] = [keyPrefix(r.list), placesQueries.programmesStale(), ...estateQueries.stale()];

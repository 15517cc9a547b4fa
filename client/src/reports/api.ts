import { queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { progressKeys } from '../dashboard/api.ts';
import { estateQueries } from '../estates/api.ts';
import { progressContract, type ReportBody } from '../../../shared/progress/contract.ts';

const r = progressContract.routes;

/** Monthly reports (月度报表), typed by shared/progress/contract.ts. */
export const reportsApi = {
  submit: (body: ReportBody) => call(r.submitReport, { body }),
};

export const reportQueries = {
  /** An estate's report history: every month, every revision. */
  history: (estateId: number) =>
    queryOptions({ queryKey: keyOf(r.reports, { query: { estateId } }), queryFn: ({ signal }) => call(r.reports, { query: { estateId }, signal }) }),
  /** One month's reports of every estate the user may see (every revision). */
  month: (period: string) =>
    queryOptions({ queryKey: keyOf(r.reports, { query: { period } }), queryFn: ({ signal }) => call(r.reports, { query: { period }, signal }) }),
  /**
   * What a new report makes stale: report histories, every figure of the dashboard, and the
   * estates (their colours and rates; GET /api/estates, keyed ['estates'] in client/src/api/queries.ts).
   */
  afterReport: (): readonly (readonly unknown[])[] => [
    keyPrefix(r.reports),
    progressKeys.ranking(),
    progressKeys.lagging(),
    progressKeys.heatmap(),
    progressKeys.targets(),
    progressKeys.series(),
    // The map's estates carry the newest report: their lists and details are stale too.
    ...estateQueries.stale(),
  ],
};

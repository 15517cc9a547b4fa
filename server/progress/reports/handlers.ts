import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import type { progressContract } from '../../../shared/progress/contract.ts';
import { reportHistory, submitReport } from './service.ts';
import { sessionUser } from '../../auth/guard.ts';

type ReportHandlers = Pick<Handlers<typeof progressContract>, 'reports' | 'submitReport'>;

/** Monthly progress reports (月度报表): POST files a revision, GET reads the history. */
export function reportHandlers({ db }: RouteDeps): ReportHandlers {
  return {
    reports: async ({ query }) => ({ reports: await reportHistory(db, query.estateId, query.period) }),
    submitReport: async ({ body }, c) => ({ report: await submitReport(db, { ...body, submittedBy: sessionUser(c)?.username }) }),
  };
}

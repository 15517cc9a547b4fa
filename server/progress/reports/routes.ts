import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { badRequest, HttpError } from '../../http/errors.ts';
import { parseQuery, readJsonBody } from '../../http/validate.ts';
import { reportBody, reportsQuery } from '../../../shared/progress/api.ts';
import { reportHistory, submitReport } from './service.ts';
import { sessionUser } from '../../auth/guard.ts';

/** Monthly progress reports (月度报表): POST files a revision, GET reads the history. */
export function reportRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/', async (c) => {
      const q = parseQuery(c, reportsQuery);
      return c.json({ reports: await reportHistory(db, q.estateId, q.period) });
    })
    .post('/', async (c) => {
      const raw = await readJsonBody(c).catch((e: HttpError) => {
        if (e.code === 'too_deep') throw e;
        throw new HttpError(400, 'bad_request', 'The body must be a JSON object: {"estateId", "period", "phase", "progressPct", "completed", …}');
      });
      const parsed = reportBody.safeParse(raw);
      if (!parsed.success) throw badRequest('body', parsed.error);
      return c.json({ report: await submitReport(db, { ...parsed.data, submittedBy: sessionUser(c)?.username }) }, 201);
    });
}

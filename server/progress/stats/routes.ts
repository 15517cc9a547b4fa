import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { parseQuery } from '../../http/validate.ts';
import { heatmapQuery, laggingQuery, rankingQuery } from '../../../shared/progress/api.ts';
import { ranking } from './ranking.ts';
import { rankingWorkbook } from './ranking-xlsx.ts';
import { ledger } from './lagging.ts';
import { heatmapPoints } from './heatmap.ts';

/** Leaders' statistics: ranking table (JSON and Excel), supervision ledger, money-behind heatmap. */
export function statsRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/ranking', async (c) => c.json(await ranking(db, parseQuery(c, rankingQuery))))
    .get('/ranking.xlsx', async (c) => {
      const q = parseQuery(c, rankingQuery);
      const body = await rankingWorkbook(db, q, await ranking(db, q));
      const name = `ranking-${q.parent ?? 'all'}-${q.year ?? 'all'}${q.period ? `-${q.period}` : ''}-${q.level}.xlsx`;
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${name}"`,
      });
    })
    .get('/lagging', async (c) => c.json(await ledger(db, parseQuery(c, laggingQuery))))
    .get('/heatmap', async (c) => c.json(await heatmapPoints(db, parseQuery(c, heatmapQuery))));
}

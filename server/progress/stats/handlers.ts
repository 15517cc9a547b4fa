import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import { XLSX_TYPE, type progressContract } from '../../../shared/progress/contract.ts';
import { ranking } from './ranking.ts';
import { rankingWorkbook } from './ranking-xlsx.ts';
import { ledger } from './lagging.ts';
import { heatmapPoints } from './heatmap.ts';

type StatsHandlers = Pick<Handlers<typeof progressContract>, 'ranking' | 'rankingXlsx' | 'lagging' | 'heatmap'>;

/** Leaders' statistics: ranking table (JSON and Excel), supervision ledger, money-behind heatmap. */
export function statsHandlers({ reads }: RouteDeps): StatsHandlers {
  return {
    ranking: ({ query }) => ranking(reads, query),
    rankingXlsx: async ({ query: q }, c) => {
      const body = await rankingWorkbook(reads, q, await ranking(reads, q));
      const name = `ranking-${q.parent ?? 'all'}-${q.year ?? 'all'}${q.period ? `-${q.period}` : ''}-${q.level}.xlsx`;
      return c.body(new Uint8Array(body), 200, {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="${name}"`,
      });
    },
    lagging: ({ query }) => ledger(reads, query),
    heatmap: ({ query }) => heatmapPoints(reads, query),
  };
}

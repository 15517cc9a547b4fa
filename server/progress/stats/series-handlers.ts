import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import type { progressContract } from '../../../shared/progress/contract.ts';
import { series } from './series.ts';

/** The dashboard's S-curves (GET /api/stats/series), read like the other statistics (replica when there is one). */
export function seriesHandlers({ reads }: RouteDeps): Pick<Handlers<typeof progressContract>, 'series'> {
  return { series: ({ query }) => series(reads, query) };
}

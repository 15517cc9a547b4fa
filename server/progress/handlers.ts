import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { progressContract } from '../../shared/progress/contract.ts';
import { reportHandlers } from './reports/handlers.ts';
import { statsHandlers } from './stats/handlers.ts';
import { seriesHandlers } from './stats/series-handlers.ts';
import { targetHandlers } from './targets/handlers.ts';

/**
 * Progress monitoring (shared/progress/contract.ts): reports are read and written on the primary
 * (audited) database, statistics and targets are read from the replica when there is one.
 */
export function progressHandlers(deps: RouteDeps): Handlers<typeof progressContract> {
  return { ...reportHandlers(deps), ...statsHandlers(deps), ...seriesHandlers(deps), ...targetHandlers(deps) };
}

import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import type { progressContract } from '../../../shared/progress/contract.ts';
import { targets } from './service.ts';

/** Targets handed down (目标任务): target vs plan vs actual. */
export function targetHandlers({ reads }: RouteDeps): Pick<Handlers<typeof progressContract>, 'targets'> {
  return { targets: ({ query }) => targets(reads, query) };
}

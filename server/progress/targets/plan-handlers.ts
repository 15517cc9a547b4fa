import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import { readGoalsUpload } from '../../plans/goals-upload.ts';
import type { milestonesContract } from '../../../shared/milestones/contract.ts';
import { getTargets, importTargets, putTargets } from './plan-service.ts';

type TargetHandlers = Pick<Handlers<typeof milestonesContract>, 'targets' | 'saveTargets' | 'importTargets'>;

/** A plan's targets (目标任务): read, saved as a whole at the version read, or imported (Haimen's layout). */
export function planTargetHandlers({ db }: RouteDeps): TargetHandlers {
  return {
    targets: ({ params }) => getTargets(db, params.id),
    saveTargets: ({ params, body }) => putTargets(db, params.id, body),
    importTargets: async ({ params }, c) => importTargets(db, params.id, await readGoalsUpload(c, 'targets')),
  };
}

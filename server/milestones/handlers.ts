import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { readGoalsUpload } from '../plans/goals-upload.ts';
import { planTargetHandlers } from '../progress/targets/plan-handlers.ts';
import type { milestonesContract } from '../../shared/milestones/contract.ts';
import { importMilestones } from './import.ts';
import { getMilestones, putMilestones } from './service.ts';

/**
 * A plan's quarterly milestones (形象进度): read, saved as a whole at the version read, or imported
 * from a table in the layout of Beilun's 附件1 (preview=true first); and its targets
 * (server/progress/targets/plan-handlers.ts). Reads use the primary: the version read is the one a
 * save is checked against.
 */
export function milestoneHandlers(deps: RouteDeps): Handlers<typeof milestonesContract> {
  const { db } = deps;
  return {
    milestones: ({ params }) => getMilestones(db, params.id),
    saveMilestones: ({ params, body }) => putMilestones(db, params.id, body),
    importMilestones: async ({ params }, c) => importMilestones(db, params.id, await readGoalsUpload(c, 'milestone')),
    ...planTargetHandlers(deps),
  };
}

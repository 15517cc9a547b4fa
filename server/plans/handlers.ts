import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { plansContract } from '../../shared/plans/contract.ts';
import { deletePlan } from './delete.ts';
import { planImportHandlers } from './import/handlers.ts';
import { listPlans } from './list.ts';
import { planTableHandlers } from './table-versions/handlers.ts';

/**
 * Plans (计划管理): the import, the table's versions, the plans with their counts, and deleting one
 * (admins; the slug as confirmation, force=true when reports exist). Every route uses the primary:
 * a list read right after an import or a delete must show it.
 */
export function planHandlers(deps: RouteDeps): Handlers<typeof plansContract> {
  const { db } = deps;
  return {
    ...planImportHandlers(deps),
    ...planTableHandlers(deps),
    list: () => listPlans(db),
    remove: ({ params, query }) => deletePlan(db, params.id, query),
  };
}

/**
 * Each capability's contract with the handlers that answer it: the API registers these (in
 * server/app.ts), the policy guards them (server/auth/policy.ts). A new capability is one line.
 */
import type { Hono } from 'hono';
import type { RouteDeps } from './deps.ts';
import { register, type Handlers } from './http/register.ts';
import type { Contract } from '../shared/contract/route.ts';
import { zonesContract } from '../shared/zones/contract.ts';
import { zoneHandlers } from './zones/handlers.ts';
import { apiDocsContract } from '../shared/apidocs/contract.ts';
import { apiDocsHandlers } from './openapi/handlers.ts';
import { plansContract } from '../shared/plans/contract.ts';
import { planHandlers } from './plans/handlers.ts';
import { milestonesContract } from '../shared/milestones/contract.ts';
import { milestoneHandlers } from './milestones/handlers.ts';
import { pipelinesContract } from '../shared/pipelines/contract.ts';
import { pipelineHandlers } from './pipelines/handlers.ts';
import { scopesContract } from '../shared/scopes/contract.ts';
import { scopeHandlers } from './scopes/handlers.ts';
import { healthContract } from '../shared/health/contract.ts';
import { healthHandlers } from './health/handlers.ts';
import { configContract } from '../shared/config/contract.ts';
import { configHandlers } from './config/handlers.ts';
import { regionsContract } from '../shared/regions/contract.ts';
import { regionHandlers } from './regions/handlers.ts';
import { roadsContract } from '../shared/roads/contract.ts';
import { roadHandlers } from './roads/handlers.ts';
import { programmesContract } from '../shared/programmes/contract.ts';
import { programmeHandlers } from './programmes/handlers.ts';
import { estatesContract } from '../shared/estates/contract.ts';
import { estateHandlers } from './estates/handlers.ts';
import { placementContract } from '../shared/placement/contract.ts';
import { placementHandlers } from './placement/handlers.ts';
import { progressContract } from '../shared/progress/contract.ts';
import { progressHandlers } from './progress/handlers.ts';
import { auditContract } from '../shared/audit/contract.ts';
import { auditHandlers } from './audit/handlers.ts';
import { accountsContract } from '../shared/accounts/contract.ts';
import { accountHandlers } from './accounts/handlers.ts';
import { authContract } from '../shared/auth/contract.ts';
import { authHandlers } from './auth/handlers.ts';
import { searchContract } from '../shared/search/contract.ts';
import { searchHandlers } from './search/handlers.ts';

interface Capability {
  contract: Contract;
  install: (app: Hono, deps: RouteDeps) => void;
}

/** Pairs a contract with its handlers; tsc checks each handler against its route's types. */
const capability = <C extends Contract>(contract: C, handlers: (deps: RouteDeps) => Handlers<C>): Capability => ({
  contract,
  install: (app, deps) => register(app, contract, handlers(deps)),
});

export const CAPABILITIES: readonly Capability[] = [
  capability(zonesContract, zoneHandlers),
  capability(apiDocsContract, apiDocsHandlers),
  capability(plansContract, planHandlers),
  capability(milestonesContract, milestoneHandlers),
  capability(pipelinesContract, pipelineHandlers),
  capability(scopesContract, scopeHandlers),
  capability(healthContract, healthHandlers),
  capability(configContract, configHandlers),
  capability(regionsContract, regionHandlers),
  capability(roadsContract, roadHandlers),
  capability(programmesContract, programmeHandlers),
  capability(estatesContract, estateHandlers),
  capability(placementContract, placementHandlers),
  capability(progressContract, progressHandlers),
  capability(auditContract, auditHandlers),
  capability(accountsContract, accountHandlers),
  capability(authContract, authHandlers),
  capability(searchContract, searchHandlers),
];

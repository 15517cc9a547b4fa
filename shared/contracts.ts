/**
 * Every capability's contract, in the order the API registers them. The policy table
 * (server/auth/policy.ts), the OpenAPI document (server/openapi/) and the server's registry
 * (server/capabilities.ts) are read off this list: a new capability is one line here.
 */
import type { Contract } from './contract/route.ts';
import { accountsContract } from './accounts/contract.ts';
import { apiDocsContract } from './apidocs/contract.ts';
import { auditContract } from './audit/contract.ts';
import { authContract } from './auth/contract.ts';
import { configContract } from './config/contract.ts';
import { estatesContract } from './estates/contract.ts';
import { healthContract } from './health/contract.ts';
import { milestonesContract } from './milestones/contract.ts';
import { pipelinesContract } from './pipelines/contract.ts';
import { placementContract } from './placement/contract.ts';
import { plansContract } from './plans/contract.ts';
import { programmesContract } from './programmes/contract.ts';
import { progressContract } from './progress/contract.ts';
import { regionsContract } from './regions/contract.ts';
import { roadsContract } from './roads/contract.ts';
import { scopesContract } from './scopes/contract.ts';
import { searchContract } from './search/contract.ts';
import { tilesContract } from './tiles/contract.ts';
import { zonesContract } from './zones/contract.ts';

export const CONTRACTS: readonly Contract[] = [
  healthContract,
  authContract,
  accountsContract,
  auditContract,
  configContract,
  regionsContract,
  roadsContract,
  programmesContract,
  estatesContract,
  placementContract,
  progressContract,
  zonesContract,
  plansContract,
  milestonesContract,
  pipelinesContract,
  scopesContract,
  searchContract,
  tilesContract,
  apiDocsContract,
];

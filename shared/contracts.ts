/**
 * Every capability's contract, in the order the API registers them. The policy table
 * (server/auth/policy.ts), the OpenAPI document (server/openapi/) and the server's registry
 * (server/capabilities.ts) are read off this list: a new capability is one line here.
 */
import type { Contract } from './contract/route.ts';
import { apiDocsContract } from './apidocs/contract.ts';
import { milestonesContract } from './milestones/contract.ts';
import { plansContract } from './plans/contract.ts';
import { tilesContract } from './tiles/contract.ts';
import { zonesContract } from './zones/contract.ts';
import { pipelinesContract } from './pipelines/contract.ts';
import { scopesContract } from './scopes/contract.ts';

export const CONTRACTS: readonly Contract[] = [
  zonesContract,
  plansContract,
  milestonesContract,
  tilesContract,
  apiDocsContract,
  pipelinesContract,
  scopesContract,
];

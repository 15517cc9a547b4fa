/**
 * Every capability's contract, in the order the API registers them. The policy table
 * (server/auth/policy.ts), the OpenAPI document (server/openapi/) and the server's registry
 * (server/capabilities.ts) are read off this list: a new capability is one line here.
 */
import type { Contract } from './contract/route.ts';
import { zonesContract } from './zones/contract.ts';
import { healthContract } from './health/contract.ts';
import { configContract } from './config/contract.ts';
import { regionsContract } from './regions/contract.ts';
import { roadsContract } from './roads/contract.ts';
import { programmesContract } from './programmes/contract.ts';
import { estatesContract } from './estates/contract.ts';
import { placementContract } from './placement/contract.ts';

export const CONTRACTS: readonly Contract[] = [
  zonesContract,
  healthContract,
  configContract,
  regionsContract,
  roadsContract,
  programmesContract,
  estatesContract,
  placementContract,
];

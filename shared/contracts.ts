/**
 * Every capability's contract, in the order the API registers them. The policy table
 * (server/auth/policy.ts), the OpenAPI document (server/openapi/) and the server's registry
 * (server/capabilities.ts) are read off this list: a new capability is one line here.
 */
import type { Contract } from './contract/route.ts';
import { zonesContract } from './zones/contract.ts';
import { progressContract } from './progress/contract.ts';
import { auditContract } from './audit/contract.ts';
import { accountsContract } from './accounts/contract.ts';
import { authContract } from './auth/contract.ts';

export const CONTRACTS: readonly Contract[] = [
  zonesContract,
  progressContract,
  auditContract,
  accountsContract,
  authContract,
];

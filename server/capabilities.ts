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
import { progressContract } from '../shared/progress/contract.ts';
import { progressHandlers } from './progress/handlers.ts';
import { auditContract } from '../shared/audit/contract.ts';
import { auditHandlers } from './audit/handlers.ts';
import { accountsContract } from '../shared/accounts/contract.ts';
import { accountHandlers } from './accounts/handlers.ts';
import { authContract } from '../shared/auth/contract.ts';
import { authHandlers } from './auth/handlers.ts';

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
  capability(progressContract, progressHandlers),
  capability(auditContract, auditHandlers),
  capability(accountsContract, accountHandlers),
  capability(authContract, authHandlers),
];

/** GET /api/health, for load balancers and process managers: the contract of server/health. */
import { defineContract, json } from '../contract/route.ts';

export interface HealthResponse {
  status: 'ok';
  db: 'pglite' | 'postgres';
  postgis: string;
  /** The API process that answered (several run under CLUSTER_WORKERS); shown to admins only. */
  pid?: number;
  /** Present when DATABASE_REPLICA_URL is set: the replica must be a standby in recovery. */
  replica?: { inRecovery: boolean };
}

export const healthContract = defineContract({
  capability: 'health',
  description: 'Whether the API and its database answer.',
  routes: {
    get: {
      method: 'GET', path: '/api/health', roles: 'public',
      summary: 'The API, its database engine and PostGIS version (and the replica, when one is set)',
      response: json<HealthResponse>('The service is up'),
    },
  },
});

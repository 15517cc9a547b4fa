import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { configContract } from '../../shared/config/contract.ts';

/** What the client needs to know about the deployment (basemap choice). */
export function configHandlers({ env }: RouteDeps): Handlers<typeof configContract> {
  return {
    get: () => ({ basemapStyleUrl: env.BASEMAP_STYLE_URL ?? null }),
  };
}

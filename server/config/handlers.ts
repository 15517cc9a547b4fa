import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { configContract } from '../../shared/config/contract.ts';
import { estateTileCap } from '../tiles/layer-sql.ts';

/** What the client needs to know about the deployment (basemap choice, the tiles' estate cap). */
export function configHandlers({ env }: RouteDeps): Handlers<typeof configContract> {
  return {
    get: () => ({ basemapStyleUrl: env.BASEMAP_STYLE_URL ?? null, tileEstateCap: estateTileCap() }),
  };
}

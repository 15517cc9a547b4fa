/** What the client needs to know about the deployment: the contract of server/config. */
import { ROLES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

export interface ClientConfig {
  /** A MapLibre style URL (BASEMAP_STYLE_URL), or null for the built-in outline basemap. */
  basemapStyleUrl: string | null;
  /**
   * Most estates one map tile sends as single estates; where a tile holds more, it sends counts by
   * district or street instead (README "The national view"). The legend states it.
   */
  tileEstateCap: number;
}


export const configContract = defineContract({
  capability: 'config',
  description: "The deployment's settings the client reads (the basemap, the tiles' estate cap).",
  routes: {
    get: {
      method: 'GET', path: '/api/config', roles: ROLES,
      summary: 'The basemap the map should use, and how many single estates a tile holds at most',
      response: json<ClientConfig>('The client settings'),
    },
  },
});

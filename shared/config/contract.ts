/** What the client needs to know about the deployment: the contract of server/config. */
import { ROLES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

export interface ClientConfig {
  /** A MapLibre style URL (BASEMAP_STYLE_URL), or null for the built-in outline basemap. */
  basemapStyleUrl: string | null;
}


export const configContract = defineContract({
  capability: 'config',
  description: "The deployment's settings the client reads (the basemap).",
  routes: {
    get: {
      method: 'GET', path: '/api/config', roles: ROLES,
      summary: 'The basemap the map should use',
      response: json<ClientConfig>('The client settings'),
    },
  },
});

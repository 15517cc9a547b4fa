import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { SuggestedZoneCollection, zonesContract } from '../../shared/zones/contract.ts';
import { requireRegion } from '../regions/service.ts';
import { checkContiguity } from './service.ts';
import { SuggestCache } from './suggest-cache.ts';
import { rawJson } from '../http/register.ts';
import { createZone, deleteZone, getZone, listZones, updateZone, zoneToProject } from './store.ts';

/** Demonstration zones (示范片区): contiguity checks, suggestions, and saved zones. */
export function zoneHandlers({ db, reads }: RouteDeps): Handlers<typeof zonesContract> {
  const suggestions = new SuggestCache(db);
  return {
    check: ({ body }) => checkContiguity(reads, body.estateIds, body.gapMeters),
    suggest: async ({ query }) => {
      await requireRegion(reads, query.district, 'district', 'district');
      const { text, hit } = await suggestions.suggest(reads, query);
      // X-Cache says whether the answer came from memory (README "Demonstration zones: the rule").
      return rawJson<SuggestedZoneCollection>(text, { headers: { 'X-Cache': hit ? 'hit' : 'miss' } });
    },
    list: ({ query }) => listZones(reads, query.district),
    create: ({ body }) => createZone(db, body),
    get: ({ params }) => getZone(reads, params.id),
    update: ({ params, body }) => updateZone(db, params.id, body),
    remove: ({ params, query }) => deleteZone(db, params.id, query.version),
    toProject: ({ params, body }) => zoneToProject(db, params.id, body),
  };
}

import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { zonesContract } from '../../shared/zones/contract.ts';
import { requireRegion } from '../regions/service.ts';
import { checkContiguity, suggestZones } from './service.ts';
import { createZone, deleteZone, getZone, listZones, updateZone, zoneToProject } from './store.ts';

/** Demonstration zones (示范片区): contiguity checks, suggestions, and saved zones. */
export function zoneHandlers({ db, reads }: RouteDeps): Handlers<typeof zonesContract> {
  return {
    check: ({ body }) => checkContiguity(reads, body.estateIds, body.gapMeters),
    suggest: async ({ query }) => {
      await requireRegion(reads, query.district, 'district', 'district');
      return suggestZones(reads, query);
    },
    list: ({ query }) => listZones(reads, query.district),
    create: ({ body }) => createZone(db, body),
    get: ({ params }) => getZone(reads, params.id),
    update: ({ params, body }) => updateZone(db, params.id, body),
    remove: ({ params, query }) => deleteZone(db, params.id, query.version),
    toProject: ({ params, body }) => zoneToProject(db, params.id, body),
  };
}

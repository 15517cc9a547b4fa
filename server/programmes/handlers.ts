import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { ProgrammeItem, programmesContract } from '../../shared/programmes/contract.ts';
import { programmesSql } from './sql.ts';

type Bbox = [number, number, number, number];

interface Row extends Omit<ProgrammeItem, 'bbox' | 'frame' | 'stated'> {
  statedHouseholds: number | null;
  statedFloorAreaM2: number | null;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
  frameSource: ProgrammeItem['frame']['source'];
  fminx: number | null;
  fminy: number | null;
  fmaxx: number | null;
  fmaxy: number | null;
}

/** Read-only: the programmes come from the replica when one is configured. */
export function programmeHandlers({ reads }: RouteDeps): Handlers<typeof programmesContract> {
  return {
    list: async () => {
      const rows = await reads.query<Row>(programmesSql);
      return rows.map(({ minx, miny, maxx, maxy, frameSource, fminx, fminy, fmaxx, fmaxy, statedHouseholds, statedFloorAreaM2, ...p }): ProgrammeItem => ({
        ...p,
        stated: { households: statedHouseholds, floorAreaM2: statedFloorAreaM2 },
        bbox: minx === null ? null : ([minx, miny, maxx, maxy] as Bbox),
        // Always set: the country's extent exists from migration 0013 on.
        frame: { bbox: [fminx, fminy, fmaxx, fmaxy] as Bbox, source: frameSource },
      }));
    },
  };
}

/**
 * Programmes (改造计划: a plan of a district or city for a year) as the place picker and the map
 * frame them: the contract of server/programmes.
 */
import { ROLES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

/** Where the map frames a programme: its placed estates, else its province's outline, else China. */
export interface ProgrammeFrame {
  bbox: [number, number, number, number];
  source: 'estates' | 'province' | 'country';
}

/** One item of GET /api/programmes (an array of these). */
export interface ProgrammeItem {
  /** The plan's id. */
  id: number;
  key: string;
  name: string;
  nameEn: string;
  year: number;
  regionCode: string;
  districtCodes: string[];
  estateCount: number;
  /** Estates with a red line or a provisional point (estates.location), and those with neither. */
  placedCount: number;
  unplacedCount: number;
  /** Extent of the placed estates (red lines and provisional points), null when none is placed. */
  bbox: [number, number, number, number] | null;
  frame: ProgrammeFrame;
  /**
   * What the plan's document states for the whole plan (reported_figures), null where it states
   * nothing: shown where no estate reports the figure (Wuhai 2021 states 4,006 households and lists
   * none per estate), the same rule the ranking's total follows.
   */
  stated: { households: number | null; floorAreaM2: number | null };
  /**
   * The first month reports are due for (YYYY-MM): the plan's issue month, else January of its
   * year, or the month of its first report if that is earlier (the ledger's rule).
   */
  reportingFrom: string;
}


export const programmesContract = defineContract({
  capability: 'programmes',
  description: 'The programmes (plans) with their districts, estate counts and map frames.',
  routes: {
    list: {
      method: 'GET', path: '/api/programmes', roles: ROLES, reporter: 'programmes',
      summary: 'Every programme, with where the map frames it',
      response: json<ProgrammeItem[]>('The programmes'),
    },
  },
});

/**
 * Estate aggregates on the estate tiles (issue 18, item 6): where a tile holds more estates than
 * the cap, it carries one point per district (z ≤ DISTRICT_MAX_ZOOM) or per street (above) with
 * how many estates of the tile it stands for, instead of single estates. Shared by the server (which
 * counts) and the client (which draws and explains them), so the classes are the colouring's.
 */

/** Up to this zoom an aggregate is a district's estates in the tile; above it, a street's. */
export const DISTRICT_MAX_ZOOM = 8;

export type GroupLevel = 'district' | 'street';
export const groupLevelAt = (z: number): GroupLevel => (z <= DISTRICT_MAX_ZOOM ? 'district' : 'street');

/**
 * The progress classes of the estate colouring (client/src/map/classes.ts builds its classes from
 * these): key and inclusive lower bound in percent; the last class takes everything from its bound
 * up, the first everything below the second's bound. An estate without a report is 'nodata'.
 */
export const PROGRESS_CLASS_BREAKS = [
  { key: 'p0', min: 0 },
  { key: 'p20', min: 20 },
  { key: 'p40', min: 40 },
  { key: 'p60', min: 60 },
  { key: 'p80', min: 80 },
] as const;
export const NO_DATA_KEY = 'nodata';

/** The properties of an aggregate feature (besides the class counts, one per key above). */
export interface EstateGroupProperties {
  level: GroupLevel;
  /** The district's or street's code, and its name. */
  code: string;
  name: string;
  /** Estates of the tile it stands for, and their households. */
  count: number;
  households: number;
  /** Mean progress and investment rate of those of them that have one (absent when none has). */
  progressPct?: number;
  investmentRate?: number;
}

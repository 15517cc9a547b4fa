import type { Queryable } from './engine.ts';
import { loadNationwideRegions } from '../regions/nationwide.ts';

/**
 * Migration steps written in TypeScript, run by migrate.ts after the SQL files of the same number
 * and recorded in schema_migrations under their name. A step must be safe on a database that
 * already holds some of its rows (ON CONFLICT), since older databases were filled differently.
 */
export const DATA_STEPS: { name: string; run(tx: Queryable): Promise<unknown> }[] = [
  // Every province, city, county/district and street/town of the NBS 2023 list, province and
  // country outlines (server/regions/nationwide.ts).
  { name: '0013_regions_nbs2023', run: loadNationwideRegions },
];

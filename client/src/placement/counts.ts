import type { EstateCollection } from '../estates/api.ts';
import type { Placement } from './api.ts';

/** How many of the estates are on the map by a red line, by a provisional point, or not at all. */
export function placementCounts(estates: EstateCollection): Record<Placement, number> {
  const counts: Record<Placement, number> = { red_line: 0, provisional_point: 0, unplaced: 0 };
  for (const f of estates.features) counts[placementOf(f)]++;
  return counts;
}

/**
 * The estate's placement; a server older than issue 13 sends none, and then the geometry tells
 * (a red line or nothing).
 */
export function placementOf(f: EstateCollection['features'][number]): Placement {
  const p = f.properties.placement;
  if (p === 'red_line' || p === 'provisional_point' || p === 'unplaced') return p;
  return f.geometry?.type === 'Point' ? 'provisional_point' : f.geometry ? 'red_line' : 'unplaced';
}

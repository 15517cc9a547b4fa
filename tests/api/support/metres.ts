/**
 * Test fixtures placed in metres: a WGS84 position `east`/`north` metres from an origin, from the
 * series expansion of the WGS84 meridian and parallel arcs (accurate to centimetres over a few
 * hundred metres). Independent of the product's SQL, so that tests check it against geometry.
 */
export function offset(origin: [number, number], east: number, north: number): [number, number] {
  const phi = (origin[1] * Math.PI) / 180;
  const perDegLat = 111132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const perDegLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  return [origin[0] + east / perDegLon, origin[1] + north / perDegLat];
}

/** A LineString through points given in metres from the origin. */
export function lineAt(origin: [number, number], ...points: [number, number][]) {
  return { type: 'LineString' as const, coordinates: points.map(([e, n]) => offset(origin, e, n)) };
}

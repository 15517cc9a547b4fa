import { useEffect, useState } from 'react';
import type { OverlapShape } from '../../../shared/scopes/contract.ts';
import { scopesApi } from './api.ts';

/** Quiet time after the last change of the ring before the server is asked (a drag sends many changes). */
export const CHECK_DEBOUNCE_MS = 350;

/** The ring as a polygon to check: closed as it stands, or closed back to its first corner while drawing; null below 3 corners. */
export function ringToCheck(ring: GeoJSON.Position[]): GeoJSON.Polygon | null {
  const pts: GeoJSON.Position[] = [];
  for (const p of ring) if (!pts.some((q) => q[0] === p[0] && q[1] === p[1])) pts.push(p);
  return pts.length >= 3 ? { type: 'Polygon', coordinates: [[...pts, pts[0]!]] } : null;
}

/**
 * The estates of the plan that the ring overlaps, from POST /api/estates/:id/geometry/check,
 * asked again as the ring changes (debounced; an answer for an older ring is dropped).
 */
export function useOverlapCheck(estateId: number | null, ring: GeoJSON.Position[] | null): { overlaps: OverlapShape[]; checking: boolean; error: string | null } {
  const [result, setResult] = useState<{ key: string; overlaps: OverlapShape[]; error: string | null } | null>(null);
  const polygon = ring ? ringToCheck(ring) : null;
  const key = estateId !== null && polygon ? `${estateId}:${JSON.stringify(polygon.coordinates)}` : '';
  useEffect(() => {
    if (!key || estateId === null || !polygon) return;
    let live = true;
    const timer = setTimeout(() => {
      scopesApi
        .checkGeometry(estateId, polygon)
        .then((r) => live && setResult({ key, overlaps: r.overlaps, error: null }))
        .catch((e: Error) => live && setResult({ key, overlaps: [], error: e.message }));
    }, CHECK_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the polygon.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!key) return { overlaps: [], checking: false, error: null };
  // Until the answer for this very ring arrives, the last one stays on screen (no flicker while dragging).
  return { overlaps: result?.overlaps ?? [], checking: result?.key !== key, error: result?.key === key ? result.error : null };
}

import { describe, expect, it } from 'vitest';
import { RingHistory } from '../../client/src/scopes/ringHistory.ts';
import { measureRing } from '../../client/src/scopes/measure.ts';

// A 100 m × 80 m rectangle in Nankang (25.66°N), by the metres in a degree there.
const LAT = 25.66;
const mPerDegLat = 110_787; // WGS84 meridian arc at 25.66°, m per degree
const mPerDegLon = 100_414; // WGS84 parallel at 25.66°, m per degree
const rect = (w: number, h: number) => [
  [114.76, LAT],
  [114.76 + w / mPerDegLon, LAT],
  [114.76 + w / mPerDegLon, LAT + h / mPerDegLat],
  [114.76, LAT + h / mPerDegLat],
  [114.76, LAT],
];

describe('the figures shown while a red line is drawn', () => {
  it('measures a closed ring: 8000 m² and 360 m within 1 %', () => {
    const m = measureRing(rect(100, 80));
    expect(Math.abs(m.areaM2! - 8000) / 8000).toBeLessThan(0.01);
    expect(Math.abs(m.perimeterM! - 360) / 360).toBeLessThan(0.01);
  });

  it('measures an open ring as if closed, and gives no area below three corners', () => {
    const open = rect(100, 80).slice(0, 4);
    expect(measureRing(open).areaM2).toBeCloseTo(measureRing(rect(100, 80)).areaM2!, 6);
    const two = measureRing(open.slice(0, 2));
    expect(two.areaM2).toBeNull();
    expect(Math.abs(two.perimeterM! - 100) / 100).toBeLessThan(0.01);
    // terra-draw repeats the corner under the pointer: a repeated corner is one corner.
    expect(measureRing([open[0]!, open[1]!, open[1]!]).areaM2).toBeNull();
    expect(measureRing([open[0]!]).perimeterM).toBeNull();
  });
});

describe('undo and redo of a red line', () => {
  const a = rect(100, 80);
  const b = rect(120, 80);
  const c = rect(120, 90);

  it('walks back and forth through the states, and a new edit drops the redo branch', () => {
    const h = new RingHistory(a);
    expect(h.changed).toBe(false);
    expect(h.canUndo).toBe(false);
    h.push(b);
    h.push(c);
    expect(h.changed).toBe(true);
    expect(h.undo()).toEqual(b);
    expect(h.undo()).toEqual(a);
    // Back at the saved shape: nothing to save.
    expect(h.changed).toBe(false);
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toEqual(b);
    expect(h.changed).toBe(true);
    h.push(c);
    expect(h.canRedo).toBe(false);
    expect(h.current).toEqual(c);
  });

  it('ignores an edit that leaves the ring where it was (within 1 cm)', () => {
    const h = new RingHistory(a);
    expect(h.push(a.map(([x, y]) => [x! + 1e-9, y!]))).toBe(false);
    expect(h.canUndo).toBe(false);
  });

  it('a new red line starts from nothing: the first closed ring is a change, undo goes back to nothing', () => {
    const h = new RingHistory(null);
    expect(h.changed).toBe(false);
    h.push(a);
    expect(h.changed).toBe(true);
    expect(h.undo()).toBeNull();
    expect(h.changed).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { OVERLAY_GAP, paddingAround, type Rect } from '../../client/src/map/overlayPadding.ts';

const rect = (left: number, top: number, right: number, bottom: number): Rect => ({ left, top, right, bottom });

describe('framing keeps clear of what lies over the map', () => {
  it('on a desktop: the side panel beside the map counts for nothing, the legend pads the left', () => {
    const map = rect(380, 0, 1440, 900);
    const panel = rect(0, 0, 380, 900);
    const legend = rect(392, 12, 624, 320);
    const pad = paddingAround(map, [panel, legend], 48);
    expect(pad).toEqual({ top: 48, bottom: 48, left: 624 - 380 + OVERLAY_GAP, right: 64 });
  });

  it('on a 390×844 phone: the bottom sheet pads the bottom, a short legend the top', () => {
    const map = rect(0, 0, 390, 844);
    const sheet = rect(0, 422, 390, 844);
    const legend = rect(12, 12, 150, 52);
    const pad = paddingAround(map, [sheet, legend], 48);
    expect(pad.bottom).toBe(844 - 422 + OVERLAY_GAP);
    expect(pad.top).toBe(52 + OVERLAY_GAP);
    expect(pad.left).toBe(48);
    // What is framed lies between the legend and the sheet.
    expect(844 - pad.bottom).toBeLessThanOrEqual(sheet.top);
    expect(pad.top).toBeGreaterThan(legend.bottom);
  });

  it('never takes more than 80% of the map', () => {
    const map = rect(0, 0, 400, 500);
    const pad = paddingAround(map, [rect(0, 0, 400, 240), rect(0, 260, 400, 500)], 48);
    expect(pad.top + pad.bottom).toBeLessThanOrEqual(500 * 0.8);
    expect(pad.top).toBeGreaterThan(0);
    expect(pad.bottom).toBeGreaterThan(0);
  });
});

import { expression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { classify, colourExpression, COLOUR_MODES, MODE_PROPERTY, NO_DATA, tint } from '../../client/src/map/classes.ts';

// The map colours vector tiles with a MapLibre expression; the legend, the list and the details use
// classify(). They must agree on every value, at every break, and on missing values.

function evaluate(expr: unknown[], properties: Record<string, unknown>): string {
  const parsed = expression.createExpression(expr);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const colour = parsed.value.evaluate({ zoom: 14 }, { type: 'Polygon', properties } as never) as { toString(): string };
  return colour.toString();
}

const css = (hex: string) => hex;

describe('colourExpression', () => {
  for (const mode of COLOUR_MODES) {
    it(`gives classify()'s colour for every ${mode} value, breaks included`, () => {
      const prop = MODE_PROPERTY[mode];
      const values = mode === 'progress' ? [0, 5, 19.99, 20, 39.9, 40, 60, 79.99, 80, 100] : [0, 0.05, 0.1, 0.29, 0.3, 0.6, 0.89, 0.9, 1, 1.4];
      for (const v of values) {
        const expected = classify(mode, { progressPct: null, investmentRate: null, [prop]: v }).colour;
        expect(evaluate(colourExpression(mode), { [prop]: v }), `${mode} ${v}`).toBe(css(expected));
      }
      expect(evaluate(colourExpression(mode), {})).toBe(css(NO_DATA.colour));
    });
  }

  it('tints towards white for buildings', () => {
    expect(tint('#000000', 0.5)).toBe('#808080');
    expect(tint('#d7191c', 0)).toBe('#d7191c');
    expect(evaluate(colourExpression('progress', 0.45), { progressPct: 10 })).toBe(css(tint('#d7191c', 0.45)));
  });
});

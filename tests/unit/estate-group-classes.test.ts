import { describe, expect, it } from 'vitest';
import { CLASSES, classify, NO_DATA } from '../../client/src/map/classes.ts';
import { NO_DATA_KEY, PROGRESS_CLASS_BREAKS } from '../../shared/tiles/estate-groups.ts';

// The server counts an aggregate's estates per progress class by shared/tiles/estate-groups.ts; the
// map colours single estates by client/src/map/classes.ts. A count must mean the colour's class.
describe('aggregate progress classes', () => {
  it('are the classes of the estate colouring, key for key and break for break', () => {
    expect(PROGRESS_CLASS_BREAKS.map((c) => [c.key, c.min])).toEqual(CLASSES.progress.map((c) => [c.key, c.min]));
    expect(NO_DATA_KEY).toBe(NO_DATA.key);
    // The server's rule: the last class with min ≤ value, the first below it; the colouring agrees.
    for (const v of [-1, 0, 19.99, 20, 39.5, 40, 60, 79.99, 80, 100]) {
      const server = [...PROGRESS_CLASS_BREAKS].reverse().find((c) => v >= c.min)?.key ?? PROGRESS_CLASS_BREAKS[0].key;
      expect(classify('progress', { progressPct: v, investmentRate: null }).key, String(v)).toBe(server);
    }
  });
});

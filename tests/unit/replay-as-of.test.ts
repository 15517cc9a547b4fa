import { describe, expect, it } from 'vitest';
import { replayAsOf } from '../../client/src/dashboard/replayAsOf.ts';

describe('a replayed month is asked as of its deadline', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('is 00:00 Beijing on the 21st of the month after, the first instant a report is late', () => {
    expect(replayAsOf('2024-05', now)).toBe('2024-06-21T00:00:00+08:00');
    expect(replayAsOf('2024-12', now)).toBe('2025-01-21T00:00:00+08:00');
    expect(Date.parse(replayAsOf('2024-05', now)!)).toBe(Date.parse('2024-06-20T16:00:00Z'));
  });
  it('is now (none) while the deadline has not passed', () => {
    expect(replayAsOf('2026-11', now)).toBeUndefined();
    expect(replayAsOf('2026-10', now)).toBe('2026-11-21T00:00:00+08:00');
  });
});

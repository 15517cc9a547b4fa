/** Cell parsers: each returns the value or a reason a planner can act on. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

export function parseCount(s: string): Parsed<number> {
  const t = s.replace(/[,，\s]/g, '');
  if (!/^\d+$/.test(t)) return fail(`must be a whole number, got "${s}"`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? ok(n) : fail(`is too large: "${s}"`);
}

/** A non-negative decimal with at most `places` decimals, parsed exactly (no float drift). */
export function parseDecimal(s: string, places: number): Parsed<number> {
  const t = s.replace(/[,，\s]/g, '').replace(/%$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return fail(`must be a number, got "${s}"`);
  if ((m[2]?.length ?? 0) > places) return fail(`has more than ${places} decimal places: "${s}"`);
  return ok(Number(t));
}

/** 万平方米 → m², exactly to the centimetre: 0.5504 万㎡ = 5504 m². */
export function wanM2ToM2(wan: number): number {
  return Math.round(wan * 10000 * 100) / 100;
}

export function parseYesNo(s: string): Parsed<boolean> {
  const t = s.trim().toLowerCase();
  if (['是', '已完工', '完工', 'yes', 'y', 'true', '1'].includes(t)) return ok(true);
  if (['否', '未完工', 'no', 'n', 'false', '0'].includes(t)) return ok(false);
  return fail(`must be 是 or 否, got "${s}"`);
}

/** 2021-11-30, 2021.11.30, 2021/11/30 or 2021年11月30日 → 2021-11-30. */
export function parseDate(s: string): Parsed<string> {
  const m = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return fail(`must be a date like 2021-11-30, got "${s}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return fail(`is not a calendar date: "${s}"`);
  }
  return ok(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

export function parseQuarter(s: string): Parsed<{ year: number; quarter: number }> {
  const m = /^(\d{4})\s*Q([1-4])$/i.exec(s.trim());
  if (!m) return fail(`must be a quarter like 2019Q3, got "${s}"`);
  return ok({ year: Number(m[1]), quarter: Number(m[2]) });
}

export function splitItems(s: string): string[] {
  return s
    .split(/[、，,；;]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

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

/**
 * A non-negative decimal read exactly as a whole number of 10^-places units, after moving the
 * decimal point by `shift` places (4: 万 → units, -4: 元 → 万元). Digits the stored scale cannot
 * hold are refused, never rounded: 12345.678 元 does not fit 万元 to six places (the fen).
 */
export function parseScaled(s: string, places: number, shift: number, max: bigint): Parsed<bigint> {
  const t = s.replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return fail(`must be a number, got "${s}"`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const exp = places + shift - frac.length;
  if (exp < 0) {
    const allowed = places + shift;
    return fail(`has more decimal places than can be stored exactly (at most ${allowed} in this unit): "${s}"`);
  }
  const scaled = BigInt(m[1]! + frac) * 10n ** BigInt(exp);
  if (scaled > max) return fail(`is too large to store: "${s}"`);
  return ok(scaled);
}

/** A non-negative decimal with at most `places` decimals, exactly (targets, milestones' percentages). */
export function parseDecimal(s: string, places: number): Parsed<number> {
  const p = parseScaled(s, places, 0, 10n ** 15n);
  return p.ok ? ok(scaledToNumber(p.value, places)) : p;
}

/** A scaled whole number back to a JS number: exact for the 15 significant digits allowed. */
export function scaledToNumber(scaled: bigint, places: number): number {
  return Number(scaledToString(scaled, places));
}

/** 1234567n at 6 places → "1.234567"; no trailing zeros. */
export function scaledToString(scaled: bigint, places: number): string {
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = places ? digits.slice(digits.length - places).replace(/0+$/, '') : '';
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A JS number (at most `places` decimals, as parsed) to scaled units, for exact sums. */
export function toScaled(v: number, places: number): bigint {
  return BigInt(Math.round(v * 10 ** places));
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

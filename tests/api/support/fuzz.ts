/**
 * Generators of malformed input for the property tests (tests/api/fuzz.test.ts). Each generator
 * yields something that must be refused: a body that is not an object, broken JSON, or a valid
 * body with one field made wrong in a way its schema or the database must reject.
 */
import fc from 'fast-check';
import type { Database } from '../../../server/db/engine.ts';
import { publicTables, untilWritten } from './table-state.ts';

/** Strings that would do harm if anything spliced them into SQL. */
export const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE estates; --",
  "360703' UNION SELECT password_hash FROM users --",
  "'); DELETE FROM zones; --",
  "\\'; SELECT pg_sleep(5); --",
  '$1',
  "%' AND 1=1 --",
  '1 OR 1=1',
  "admin'--",
  '\u0000',
  '${jndi:ldap://x}',
  '{"$gt": ""}',
] as const;

export const injection = fc.constantFrom(...INJECTIONS);

/** Anything but a string (null excluded: some fields are nullable). */
export const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
/** Anything but a number. */
export const notNumber = fc.oneof(fc.string(), injection, fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
/** Not even z.coerce.number() makes a number of these (it would of "5", true or [5]). */
export const notCoercible = fc.oneof(fc.string().filter((s) => Number.isNaN(Number(s))), injection.filter((s) => Number.isNaN(Number(s))), fc.object({ maxDepth: 1 }).filter((o) => Object.keys(o).length > 0));
/** Numbers no id can be: zero, negative, fractional, beyond a 32-bit integer column. */
export const badId = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 1e300, -0.0001),
  fc.integer({ max: 0 }),
  notNumber,
);
export const tooLong = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 40 }).filter((s) => s.trim().length > max);

/** A body that is not a JSON object at all, or not JSON. */
export const notAnObject = fc.oneof(
  fc.constant('null'),
  fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"a":', '[1,2', 'undefined', '', '\u0000', "{'single': 'quotes'}", '{"a":1}}'),
  fc.string().filter((s) => {
    try {
      const v = JSON.parse(s);
      return v === null || typeof v !== 'object' || Array.isArray(v);
    } catch {
      return true;
    }
  }),
);

/** A valid body with exactly one field replaced by a value from its bad set, or removed if required. */
export function oneFieldWrong(valid: Record<string, unknown>, bad: Record<string, fc.Arbitrary<unknown>>, required: string[], strict = true): fc.Arbitrary<string> {
  const keys = Object.keys(bad);
  const options: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.constantFrom(...keys).chain((k) => bad[k]!.map((v) => ({ ...valid, [k]: v }))),
  ];
  if (required.length) {
    options.push(
      fc.constantFrom(...required).map((k) => {
        const { [k]: _, ...rest } = valid;
        return rest;
      }),
    );
  }
  if (strict) options.push(fc.tuple(fc.string({ minLength: 1 }).filter((k) => !(k in valid) && k !== '__proto__'), fc.jsonValue()).map(([k, v]) => ({ ...valid, [k]: v })));
  return fc.oneof(...options).map((b) => JSON.stringify(b));
}

/**
 * A cheap witness that a request changed nothing: the row count of every table and the newest
 * audit row (every API write is audited, so any insert, update or delete moves it). The full
 * checksum (databaseFingerprint) is compared once around each property. Given again without
 * reading while nothing can have been written (untilWritten, table-state.ts).
 */
const quietState = untilWritten<string>();

export async function quickState(db: Database): Promise<string> {
  return quietState(db, () => readQuickState(db));
}

async function readQuickState(db: Database): Promise<string> {
  const tables = await publicTables(db);
  const [row] = await db.query<{ s: unknown }>(
    `SELECT json_build_array(${tables.map((t) => `(SELECT count(*) FROM ${t})`).join(', ')}, (SELECT max(id) FROM audit_log)) AS s`,
  );
  return JSON.stringify(row!.s);
}

/**
 * Forms of an id that Number() or z.coerce.number() would read as the id itself (or as another
 * number), but that are not canonical decimal digits; percent-encoded for a path or query string.
 */
export const NON_CANONICAL_ID_FORMS = [
  '29.0', '+29', '0x1d', '29e0', ' 29', '29 ', '\t29', '29\n', '029', '0029', '29.', '.29e2', '0b11101', '0o35',
  '0', '-29', '-0', '2147483648', '99999999999999999999', 'Infinity', 'NaN', '1_000', '２９', '٢٩', '29,30', '29;', '29%',
] as const;
export const NON_CANONICAL_IDS = NON_CANONICAL_ID_FORMS.map(encodeURIComponent);

/** A generated non-canonical spelling of a real positive id n (percent-encoded): +n, n.0, 0xN, ne0, 0n, " n", "n ", … */
export const nonCanonicalIdOf = (n: number) =>
  fc
    .constantFrom<(n: number) => string>(
      (n) => `+${n}`,
      (n) => `${n}.0`,
      (n) => `${n}.000`,
      (n) => `0x${n.toString(16)}`,
      (n) => `0X${n.toString(16).toUpperCase()}`,
      (n) => `${n}e0`,
      (n) => `${n * 10}e-1`,
      (n) => `0${n}`,
      (n) => ` ${n}`,
      (n) => `${n} `,
      (n) => `\n${n}`,
      (n) => `0b${n.toString(2)}`,
      (n) => `0o${n.toString(8)}`,
      (n) => `${n}.`,
      (n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    )
    .map((f) => encodeURIComponent(f(n)));

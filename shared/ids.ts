/**
 * Ids in paths and query strings (issue 14): one parser for all of them, used by the gate that runs
 * before the guard (server/http/ids.ts), by the guard's reporter checks and by every route's zod
 * schema. Only canonical decimal digits are an id: "29". Never "29.0", "+29", "0x1d", "29e0",
 * " 29", "29 ", "029" or "２９", which Number() and z.coerce.number() all read as 29 (or as
 * something), so that a check on one spelling and a lookup on another cannot disagree.
 */
import { z } from 'zod';

/** Ids are PostgreSQL `integer`/`serial` columns: 1 … 2³¹ − 1. */
export const MAX_ID = 2_147_483_647;

const CANONICAL = /^[1-9][0-9]{0,9}$/;

export const ID_RULE = `an id is decimal digits without sign, spaces, leading zeros, decimals or exponent, from 1 to ${MAX_ID}`;

/** The id a string spells canonically, else null. */
export function parseId(raw: string | undefined | null): number | null {
  if (typeof raw !== 'string' || !CANONICAL.test(raw)) return null;
  const n = Number(raw);
  return n <= MAX_ID ? n : null;
}

/** An id given as a JSON number (a body field): a whole number in range, else null. */
export function idFromNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_ID ? v : null;
}

/** A comma-separated list of canonical ids ("3,5,8"), else null. */
export function parseIdList(raw: string | undefined | null): number[] | null {
  if (typeof raw !== 'string' || raw === '') return null;
  const ids = raw.split(',').map(parseId);
  return ids.every((n): n is number => n !== null) ? ids : null;
}

/** zod: a canonical id in a path or query string, as a number. */
export const idString = (what = 'id') =>
  z
    .string({ message: `must be ${what === 'id' ? 'an id' : `a ${what} id`}` })
    .refine((s) => parseId(s) !== null, { message: `must be ${what === 'id' ? 'an id' : `a ${what} id`}: ${ID_RULE}` })
    .transform((s) => parseId(s)!);

/** zod: a comma-separated list of canonical ids, deduplicated in order. */
export const idListString = (what = 'id') =>
  z
    .string()
    .refine((s) => parseIdList(s) !== null, { message: `must be ${what} ids separated by commas, e.g. 1,2,3 (${ID_RULE})` })
    .transform((s) => [...new Set(parseIdList(s)!)]);

/**
 * zod: a positive whole number in a query string that is not an id but a count or a version
 * (version=3, limit=100): the same canonical digits, so that "3.0" or "0x3" is refused alike.
 */
export const countString = (message = 'must be a whole number') =>
  z
    .string({ message })
    .refine((s) => /^(0|[1-9][0-9]{0,14})$/.test(s), { message: `${message} (decimal digits only)` })
    .transform(Number);

/** The path parameter `:id` of a route. */
export const idParam = z.object({ id: idString() });

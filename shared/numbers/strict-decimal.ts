/**
 * Numbers read from files (issue 14): CSV cells, XLSX text cells, GeoJSON and attribute-table
 * properties written as text. `Number()` reads "0x72" as 114, "1.14e2" as 114, " 114 " as 114 and
 * "" as 0, so a file could put an estate or a pipeline somewhere nobody wrote. A number in a file
 * is a plain decimal numeral and nothing else:
 *
 *   an optional minus sign, one or more ASCII digits, optionally a point and one or more digits.
 *
 * Not accepted: a plus sign, spaces, an exponent (1e3), hexadecimal/octal/binary (0x1d), a bare
 * point (.5, 5.), thousands separators, full-width or other digits (５, ٥), Infinity, NaN, "".
 * Leading zeros are decimal (007 is 7). Callers that accept thousands separators or a unit (the
 * plan tables' "1,234" and "12%") strip them first, then parse here.
 */
import { z } from 'zod';

const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;
/** Longer numerals are not figures anyone writes; they only risk Infinity or lost digits. */
const MAX_LENGTH = 40;

export const DECIMAL_RULE = 'a plain decimal number: digits with an optional minus sign and decimal point (no exponent, hex, plus sign or spaces)';

/** The value of a plain decimal numeral, else null. */
export function parseStrictDecimal(text: string): number | null {
  if (typeof text !== 'string' || text.length > MAX_LENGTH || !DECIMAL.test(text)) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n; // "-0" is 0
}

/** A whole number written as a plain decimal numeral ("12", also "12.0" as attribute tables write it), else null. */
export function parseStrictInteger(text: string): number | null {
  const n = parseStrictDecimal(text);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

/**
 * A value from a typed source (a JSON number, a .dbf or GeoPackage number) or a text cell: a
 * finite number as it is, text through the strict parser, anything else null.
 */
export function numberFromFile(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return parseStrictDecimal(v);
  return null;
}

/** zod: a plain decimal numeral in a query string or form, as a number. */
export const decimalString = (message = 'must be a number') =>
  z
    .string({ message })
    .refine((s) => parseStrictDecimal(s) !== null, { message: `${message}: ${DECIMAL_RULE}` })
    .transform((s) => parseStrictDecimal(s)!);

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberFromFile, parseStrictDecimal, parseStrictInteger } from '../../shared/numbers/strict-decimal.ts';

/**
 * Issue 14, item 5: one strict decimal parser for every number read from a file
 * (shared/numbers/strict-decimal.ts). Property tests: every plain decimal numeral is read as the
 * number it spells; every other spelling that Number() would still read is refused.
 */
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 });
const numeral = fc.tuple(fc.boolean(), digits, fc.option(digits, { nil: undefined })).map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);

describe('parseStrictDecimal', () => {
  it('reads every plain decimal numeral as the number it spells', () => {
    fc.assert(
      fc.property(numeral, (s) => {
        const n = parseStrictDecimal(s);
        expect(n).not.toBeNull();
        expect(n).toBe(Number(s) === 0 ? 0 : Number(s));
      }),
    );
  });

  it('reads back what a file writes for any finite figure (fixed-point, as CSV and XLSX text cells hold them)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (d, places) => {
        const written = d.toFixed(places);
        expect(parseStrictDecimal(written)).toBe(Number(written) === 0 ? 0 : Number(written));
      }),
    );
  });

  it('refuses every odd spelling of a number that Number() would still read', () => {
    const odd = fc.oneof(
      fc.integer({ min: 0, max: 1e6 }).map((n) => `0x${n.toString(16)}`),
      fc.integer({ min: 0, max: 1e6 }).map((n) => `0o${n.toString(8)}`),
      fc.integer({ min: 0, max: 1e6 }).map((n) => `0b${n.toString(2)}`),
      fc.tuple(numeral, fc.integer({ min: -5, max: 5 })).map(([s, e]) => `${s}e${e}`),
      fc.tuple(numeral, fc.integer({ min: -5, max: 5 })).map(([s, e]) => `${s}E${e}`),
      numeral.filter((s) => !s.startsWith('-')).map((s) => `+${s}`),
      fc.tuple(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u3000'), numeral, fc.boolean()).map(([w, s, before]) => (before ? w + s : s + w)),
      digits.map((s) => `.${s}`),
      digits.map((s) => `${s}.`),
      fc.constantFrom('', ' ', 'Infinity', '-Infinity', 'NaN', '1_000', '1,000', '114.5.3', '--1', '-', '.', '０', '١١٤', '11٤', '1e1000', '9'.repeat(400)),
    );
    fc.assert(
      fc.property(odd, (s) => {
        expect(parseStrictDecimal(s), JSON.stringify(s)).toBeNull();
      }),
    );
  });

  it('refuses any text with a character that is not a digit, a minus sign or a point', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => /[^0-9.-]/.test(s)), (s) => {
        expect(parseStrictDecimal(s)).toBeNull();
      }),
    );
  });

  it('the pipeline file examples of the issue', () => {
    expect(parseStrictDecimal('0x72')).toBeNull();
    expect(parseStrictDecimal('1.14e2')).toBeNull();
    expect(parseStrictDecimal('114.76')).toBe(114.76);
    expect(parseStrictDecimal('-33.5')).toBe(-33.5);
    expect(parseStrictDecimal('007')).toBe(7);
    expect(parseStrictDecimal('-0')).toBe(0);
  });
});

describe('parseStrictInteger and numberFromFile', () => {
  it('whole numbers only, from text as from typed values', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(parseStrictInteger(String(n))).toBe(n);
        expect(parseStrictInteger(`${n}.0`)).toBe(n);
        expect(parseStrictInteger(`${n}.5`)).toBeNull();
        expect(numberFromFile(n)).toBe(n);
      }),
    );
    expect(numberFromFile('0x1d')).toBeNull();
    expect(numberFromFile(Number.NaN)).toBeNull();
    expect(numberFromFile(true)).toBeNull();
    expect(numberFromFile(null)).toBeNull();
  });
});

/**
 * What every capability's contract shares (shared/<capability>/contract.ts): region codes, years,
 * ids, bounding boxes, phases and the one error shape. Paths and field names are integration
 * contracts; change them only with the issues.
 */
import { z } from 'zod';
import { PHASES } from './phases.ts';
import { countString, idParam } from './ids.ts';
import { PERIOD_RE } from './progress/periods.ts';

export { idParam };

/** A code of the NBS form: 2 (province) to 12 digits. Generated codes use the same form. */
export const regionCode = z.string().regex(/^\d{2,12}$/, 'must be a region code of 2 to 12 digits');

const bboxRegex = /^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/;
export const bboxParam = z
  .string()
  .regex(bboxRegex, 'must be minLon,minLat,maxLon,maxLat')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number])
  .refine(([a, b, c, d]) => a >= -180 && c <= 180 && b >= -90 && d <= 90 && a < c && b < d, {
    message: 'must be minLon,minLat,maxLon,maxLat within WGS84 bounds, min < max',
  });

/** A year in a query string or form: four digits, not "2024.0" or "0x7e8" (shared/ids.ts). */
export const yearParam = countString('must be a year')
  .pipe(z.number().int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'));

/** A month YYYY-MM: a report's period, or the month a view is asked as of (period=). */
export const periodParam = z.string().regex(PERIOD_RE, 'must be a month as YYYY-MM, e.g. 2024-06');

export const phaseSchema = z.enum(PHASES);

/** The one error shape every route answers with. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

import type { ErrorCode } from '../../shared/errors/codes.ts';

/**
 * A statement the database refused because of the data (a constraint, a bad value, a lost race
 * with another writer) is the client's problem, not a crash: a 4xx naming what the database said.
 * Handlers validate first; this is the net under them, so that no such refusal becomes a 500.
 * Anything else (a bug, a lost connection) stays a 500.
 */
export interface Refusal {
  status: 409 | 422;
  code: Extract<ErrorCode, 'write_conflict' | 'conflict' | 'invalid_value'>;
  message: string;
  details: { sqlstate: string; constraint?: string };
}

export function databaseRefusal(err: unknown): Refusal | null {
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown; constraint_name?: unknown };
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  const sqlstate = e.code;
  const constraint = typeof e.constraint === 'string' ? e.constraint : typeof e.constraint_name === 'string' ? e.constraint_name : undefined;
  const details = constraint ? { sqlstate, constraint } : { sqlstate };
  const said = typeof e.message === 'string' ? e.message : 'refused';
  if (sqlstate === '40001' || sqlstate === '40P01') {
    return { status: 409, code: 'write_conflict', message: 'Someone else was writing the same rows at the same moment: nothing was saved; send it again', details };
  }
  if (sqlstate === '23505' || sqlstate === '23503') {
    return { status: 409, code: 'conflict', message: `The database refused the change: ${said}`, details };
  }
  // Class 22 (data exception: a value out of range, a malformed geometry) and 23 (integrity).
  if (sqlstate.startsWith('22') || sqlstate.startsWith('23')) {
    return { status: 422, code: 'invalid_value', message: `The database refused a value: ${said}`, details };
  }
  return null;
}

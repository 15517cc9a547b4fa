import type { ZodError } from 'zod';
import type { ErrorCode } from '../../shared/errors/codes.ts';

/** An error a user can act on: rendered as { error: { code, message, details } } with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldProblem {
  parameter: string;
  message: string;
}

/** Turns zod issues into one line per parameter, naming it, e.g. "year: must be a year". */
export function describeZodError(error: ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ parameter: key, message: 'is not a known parameter' }));
    }
    return [{ parameter: issue.path.join('.') || '(body)', message: issue.message }];
  });
}

export function badRequest(where: 'query' | 'path' | 'body' | 'form', error: ZodError): HttpError {
  const problems = describeZodError(error);
  const summary = problems.map((p) => `${p.parameter}: ${p.message}`).join('; ');
  return new HttpError(400, 'bad_request', `Invalid ${where} parameter — ${summary}`, problems);
}

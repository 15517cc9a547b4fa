import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest, HttpError } from './errors.ts';
import { depthOf, LIMITS, limitText } from './limits.ts';

/** Parses the query string with a shared zod schema; 400 naming the parameter otherwise. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw badRequest('query', result.error);
  return result.data;
}

export function parseParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.param());
  if (!result.success) throw badRequest('path', result.error);
  return result.data;
}

/**
 * A JSON body, its depth checked without recursion before anything walks it (zod, JSON.stringify):
 * 400 when it is not JSON or nests deeper than LIMITS.jsonDepth.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'bad_json', 'The request body must be JSON (Content-Type: application/json)');
  }
  if (depthOf(raw) > LIMITS.jsonDepth) {
    throw new HttpError(400, 'too_deep', `The request body nests deeper than ${limitText.jsonDepth} (the limit)`, { max: LIMITS.jsonDepth });
  }
  return raw;
}

/** Parses a JSON body with a shared zod schema; 400 naming the field, or saying the JSON is broken. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const raw = await readJsonBody(c);
  const result = schema.safeParse(raw);
  if (!result.success) throw badRequest('body', result.error);
  return result.data;
}

/**
 * A multipart upload: 415 unless multipart, 400 when the body cannot be read or has no file in the
 * field "file". `sendAs` completes "Send … as multipart/form-data", `attach` names what the file holds.
 */
export async function parseUpload(c: Context, sendAs: string, attach: string): Promise<{ file: File; fields: Record<string, string | File> }> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new HttpError(415, 'unsupported_media_type', `Send ${sendAs} as multipart/form-data`);
  }
  let form: Record<string, string | File>;
  try {
    form = (await c.req.parseBody()) as Record<string, string | File>;
  } catch {
    throw new HttpError(400, 'bad_request', 'The multipart body could not be read');
  }
  const { file, ...fields } = form;
  if (!(file instanceof File)) {
    throw new HttpError(400, 'bad_request', `file: attach ${attach} as the field "file"`, [{ parameter: 'file', message: 'is missing' }]);
  }
  return { file, fields };
}

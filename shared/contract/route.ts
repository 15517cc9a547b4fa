/**
 * One route of a capability's contract: what the server registers, what the policy guards, what
 * the client calls and what OpenAPI documents, written once (shared/<capability>/contract.ts).
 *
 * Requests are zod schemas (the server validates with them, the client's argument types come
 * from them). A response is a type: `json<T>()` where the answer is a TypeScript type the server's
 * handler must return (checked by tsc on both sides), `json(schema)` where a zod schema states it,
 * `file()` for downloads, `empty()` for 204.
 */
import type { z } from 'zod';
import type { Role } from '../auth.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A reporter's reach on a route (server/auth/reporter-reach.ts runs the check of that name). */
export type ReporterReach = 'programmes' | 'estateList' | 'estateById' | 'tiles' | 'reportList' | 'reportBody' | 'search';

/** A JSON answer of type T; `schema` (optional) documents it in OpenAPI. */
export interface JsonResponse<T> {
  kind: 'json';
  status: 200 | 201;
  description: string;
  schema?: z.ZodType;
  /** Documentation only: a JSON Schema for the answer when no zod schema states it. */
  jsonSchema?: Record<string, unknown>;
  /** Never set: carries T for the compiler. */
  readonly __type?: T;
}
export interface FileResponse {
  kind: 'file';
  description: string;
  /** The media types the route may answer with. */
  mediaTypes: readonly string[];
}
export interface EmptyResponse {
  kind: 'empty';
  description: string;
}
export type ResponseSpec = JsonResponse<unknown> | FileResponse | EmptyResponse;

/** A multipart upload: the file in the field "file" and text fields stated by a schema. */
export interface MultipartBody {
  kind: 'multipart';
  /** What the file holds (for the docs and the 400 when it is missing). */
  file: string;
  fields?: z.ZodType;
}

export interface Route {
  method: Method;
  /** Hono-style, from the site root: `/api/zones/:id`. */
  path: string;
  summary: string;
  /** 'public' needs no session. */
  roles: 'public' | readonly Role[];
  /** A reporter sees and reports for the estates of their own street or district only. */
  reporter?: ReporterReach;
  /** Why the policy line is what it is, when that is not obvious. */
  note?: string;
  /** Query parameters holding ids (canonical digits, checked before the guard). */
  idQuery?: readonly string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType | MultipartBody;
  /**
   * Documentation only: the body's schema where the contract's body is a type the handler checks
   * itself (to answer with its own codes); OpenAPI shows this one.
   */
  bodyDoc?: z.ZodType;
  response: ResponseSpec;
}

/** A capability's contract: its name (the OpenAPI tag) and its routes by name. */
export interface Contract<R extends Record<string, Route> = Record<string, Route>> {
  capability: string;
  description: string;
  routes: R;
}

export const json = <T>(description: string, extra: Partial<Pick<JsonResponse<T>, 'status' | 'schema' | 'jsonSchema'>> = {}): JsonResponse<T> => ({
  kind: 'json',
  status: 200,
  description,
  ...extra,
});
/** A JSON answer stated by a zod schema: its type is the schema's output. */
export const jsonOf = <S extends z.ZodType>(schema: S, description: string, status: 200 | 201 = 200): JsonResponse<z.output<S>> => ({
  kind: 'json',
  status,
  description,
  schema,
});
export const file = (description: string, mediaTypes: readonly string[]): FileResponse => ({ kind: 'file', description, mediaTypes });
export const empty = (description = 'Done; no body'): EmptyResponse => ({ kind: 'empty', description });
export const multipart = (file: string, fields?: z.ZodType): MultipartBody => ({ kind: 'multipart', file, fields });

/** Keeps the literal types of a contract's routes (so `contract.routes.list` is its own type). */
export const defineContract = <const R extends Record<string, Route>>(c: Contract<R>): Contract<R> => c;

/** What a route answers, as the client receives it. */
export type ResponseOf<R extends Route> = R['response'] extends JsonResponse<infer T> ? T : R['response'] extends EmptyResponse ? null : Response;

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type BodyOut<B> = B extends z.ZodType ? z.output<B> : undefined;

/** What the server's handler receives, validated. */
export interface ValidInput<R extends Route> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: BodyOut<R['body']>;
}

/** A query string value as the client may give it: numbers and booleans are written as text. */
type Loose<T> = { [K in keyof T]: T[K] extends string | undefined ? T[K] | number | boolean : T[K] };
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string | number } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string | number }
    : Record<never, never>;

/** What the client passes: path parameters, query, body (JSON or FormData), an abort signal. */
export type CallInput<R extends Route> = (keyof PathParams<R['path']> extends never ? { params?: undefined } : { params: PathParams<R['path']> }) &
  (R['query'] extends z.ZodType ? ({} extends z.input<R['query']> ? { query?: Loose<z.input<R['query']>> } : { query: Loose<z.input<R['query']>> }) : { query?: undefined }) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : R['body'] extends MultipartBody ? { body: FormData } : { body?: undefined }) & {
    signal?: AbortSignal;
  };

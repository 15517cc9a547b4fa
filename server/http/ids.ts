import type { Context, MiddlewareHandler } from 'hono';
import { ID_RULE, parseId, parseIdList } from '../../shared/ids.ts';
import { paramsOf, ruleFor, type Rule } from '../auth/policy.ts';
import { HttpError } from './errors.ts';

/** Routes added later import the id schemas from here (or from shared/ids.ts): one parser for all. */
export { countString, idFromNumber, idListString, idParam, idString, parseId, parseIdList } from '../../shared/ids.ts';

const badId = (parameter: string, value: string) =>
  new HttpError(400, 'bad_id', `${parameter}: "${value.slice(0, 40)}" is not an id; ${ID_RULE}`, [{ parameter, message: `is not an id (${ID_RULE})` }]);

/** A path parameter that holds an id: `:id`, or a name ending in `Id` (`:estateId`). Others (`:code`) are the handler's. */
export const isIdParam = (name: string) => name === 'id' || /Id$/.test(name);

/**
 * Every id of a request by its policy line: each id `:param` of the path (isIdParam) and each
 * query parameter the line names in `idQuery` (a name ending in `Ids` holds a comma-separated list).
 */
export function checkIds(rule: Rule, c: Context): void {
  for (const [name, value] of Object.entries(paramsOf(rule, c.req.path))) {
    if (isIdParam(name) && parseId(value) === null) throw badId(name, value);
  }
  for (const name of rule.idQuery ?? []) {
    for (const value of c.req.queries(name) ?? []) {
      const ok = name.endsWith('Ids') ? parseIdList(value) !== null : parseId(value) !== null;
      if (!ok) throw badId(name, value);
    }
  }
}

/**
 * Runs before the guard: a request whose path or query holds an id that is not canonical decimal
 * digits is answered 400 before any check or handler sees it, so the guard's region check and the
 * handler's lookup always read the same number.
 */
export function canonicalIds(): MiddlewareHandler {
  return async (c, next) => {
    const rule = ruleFor(c.req.method, c.req.path);
    if (rule) checkIds(rule, c);
    await next();
  };
}

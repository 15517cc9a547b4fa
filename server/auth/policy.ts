import { ROLES, STAFF, type Role } from '../../shared/auth.ts';
import type { Route } from '../../shared/contract/route.ts';
import { CONTRACTS } from '../../shared/contracts.ts';
import { REPORTER_REACH, type ReporterCheck } from './reporter-reach.ts';

/**
 * Who may call what: the one table the API consults (server/auth/guard.ts) before any handler
 * runs, the merge of every capability's contract (shared/contracts.ts: each route names its roles
 * and, where reporters may call it, their reach). A route not listed here is readable by every
 * role but the reporter and writable by admins only, so a new write route is closed until it is
 * added; tests/api/policy-matrix.test.ts checks that every route the app registers has its line.
 */

/**
 * A route's line: the contract's method, path (Hono-style: `:param` one segment, a trailing `*`
 * any rest), roles, note and id query parameters, with the reporter's reach as the check to run.
 */
export type Rule = Pick<Route, 'method' | 'path' | 'roles' | 'note' | 'idQuery'> & {
  /** A reporter sees and reports for the estates of their own street or district only. */
  reporter?: ReporterCheck;
};

/**
 * The one line that is not a contract route's: a path under /tiles that is not a tile
 * ({layer}/{z}/{x}/{y}.mvt, shared/tiles/contract.ts) is answered 404 or 400 alike for every role.
 */
const OUTSIDE_CONTRACTS: readonly Rule[] = [{ method: 'GET', path: '/tiles/*', roles: ROLES, reporter: REPORTER_REACH.tiles }];

/** Each contract route's line: method, path, roles, reporter reach, id query parameters, note. */
const fromContracts: Rule[] = CONTRACTS.flatMap((contract) =>
  Object.values(contract.routes).map((r) => ({
    method: r.method,
    path: r.path,
    roles: r.roles,
    ...(r.reporter ? { reporter: REPORTER_REACH[r.reporter] } : {}),
    ...(r.idQuery ? { idQuery: r.idQuery } : {}),
    ...(r.note ? { note: r.note } : {}),
  })),
);

export const POLICY: readonly Rule[] = [...fromContracts, ...OUTSIDE_CONTRACTS];

const compiled = POLICY.map((rule) => ({ rule, re: patternToRegExp(rule.path) }));

/** `:param` segments capture (so that paramsOf can name them), `*` matches any rest. */
function patternToRegExp(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '([^/]+)' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/**
 * The values of a line's `:params` in a request path ('/api/zones/:id/project' against
 * '/api/zones/12/project' → { id: '12' }), as Hono's router sees them: the path already
 * percent-decoded, so "%2029" is " 29".
 */
export function paramsOf(rule: Rule, path: string): Record<string, string> {
  const names = rule.path.split('/').filter((seg) => seg.startsWith(':')).map((seg) => seg.slice(1));
  const m = (compiled.find((x) => x.rule === rule)?.re ?? patternToRegExp(rule.path)).exec(path);
  return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) : {};
}

/**
 * Could a line match some path that begins with these (at most two) segments? Only a literal
 * segment that differs rules a line out; anything else is left to its pattern.
 */
function mayMatch(rulePath: string, head: string[]): boolean {
  const segs = rulePath.split('/');
  for (let k = 1; k < head.length; k++) {
    const r = segs[k];
    if (r === undefined || r === '*') return true;
    if (!r.startsWith(':') && r !== head[k]) return false;
  }
  return true;
}

/** The lines that may match a method and path head (see ruleFor), in the table's order. */
const buckets = new Map<string, typeof compiled>();
const MAX_BUCKETS = 512;

/**
 * The line for a request; HEAD is a GET. Exact segments win over `:param` lines listed later.
 * Every request asks (a map asks for dozens of tiles a second), so the lines are first narrowed by
 * the method and the path's first two segments, once per such head; the order is kept.
 */
export function ruleFor(method: string, path: string): Rule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const i1 = path.indexOf('/', 1);
  const i2 = i1 < 0 ? -1 : path.indexOf('/', i1 + 1);
  const head = i2 < 0 ? path : path.slice(0, i2);
  const key = `${m} ${head}`;
  let lines = buckets.get(key);
  if (!lines) {
    const segs = head.split('/');
    lines = compiled.filter(({ rule }) => rule.method === m && mayMatch(rule.path, segs));
    if (buckets.size < MAX_BUCKETS) buckets.set(key, lines);
  }
  for (const { rule, re } of lines) if (re.test(path)) return rule;
  return undefined;
}

/** What an unlisted route allows (see the comment at the top). */
export function defaultRoles(method: string): readonly Role[] {
  return method === 'GET' || method === 'HEAD' ? STAFF : ['admin'];
}

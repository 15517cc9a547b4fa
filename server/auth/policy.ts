import type { Role } from '../../shared/auth.ts';
import { CONTRACTS } from '../../shared/contracts.ts';
import { REPORTER_SCOPES, type ReporterScope } from './reporter-reach.ts';

/**
 * Who may call what: the one table the API consults (the merge of every capability's contract,
 * shared/contracts.ts, and the lines below for routes not yet in a contract) (server/auth/guard.ts) before any handler
 * runs. A route not listed here is readable by every role but the reporter and writable by admins
 * only, so a new write route is closed until it is added; tests/api/policy-matrix.test.ts checks
 * that every route the app registers has its line.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Rule {
  method: Method;
  /** Hono-style: `:param` is one segment, a trailing `*` any rest. */
  path: string;
  /** 'public' needs no session (health, login, logout). */
  roles: 'public' | readonly Role[];
  /** A reporter sees and reports for the estates of their own street or district only. */
  reporter?: ReporterScope;
  /** Why the line is what it is, when that is not obvious. */
  note?: string;
  /**
   * Query parameters that hold ids (canonical decimal digits, server/http/ids.ts); a path's `:id`
   * (or `:…Id`) is an id too. Both are checked before the guard runs.
   */
  idQuery?: readonly string[];
}

const ALL: readonly Role[] = ['admin', 'planner', 'leader', 'designer', 'reporter'];
/** Everyone who reads the whole programme: a reporter does not. */
const STAFF: readonly Role[] = ['admin', 'planner', 'leader', 'designer'];
const PLANNING: readonly Role[] = ['admin', 'planner'];
const DESIGN: readonly Role[] = ['admin', 'designer'];

/** Lines of routes that are not (yet) in a contract. */
const LEGACY: readonly Rule[] = [
  { method: 'GET', path: '/api/health', roles: 'public' },

  { method: 'GET', path: '/api/config', roles: ALL },
  { method: 'GET', path: '/api/regions', roles: ALL, note: 'outlines and names of places: public facts' },
  { method: 'GET', path: '/api/regions/search', roles: STAFF, note: 'the import form\'s region picker (issue 13)' },
  { method: 'GET', path: '/api/roads', roles: ALL },
  { method: 'GET', path: '/api/programmes', roles: ALL, reporter: REPORTER_SCOPES.programmes },
  { method: 'GET', path: '/api/estates', roles: ALL, reporter: REPORTER_SCOPES.estateList },
  { method: 'GET', path: '/api/estates/:id', roles: ALL, reporter: REPORTER_SCOPES.estateById },
  { method: 'GET', path: '/tiles/*', roles: ALL, reporter: REPORTER_SCOPES.tiles },

  { method: 'POST', path: '/api/import/plan', roles: PLANNING },


  { method: 'GET', path: '/api/pipelines', roles: STAFF },
  { method: 'GET', path: '/api/pipelines/overlaps', roles: STAFF },
  { method: 'GET', path: '/api/pipelines/:id', roles: STAFF },
  { method: 'POST', path: '/api/pipelines', roles: PLANNING },
  { method: 'POST', path: '/api/pipelines/import', roles: PLANNING },
  { method: 'PUT', path: '/api/pipelines/:id', roles: PLANNING },
  { method: 'DELETE', path: '/api/pipelines/:id', roles: PLANNING },

  // Design scopes (issue 6): a designer exports what a project covers and brings back surveyed red
  // lines; planners may correct a red line too.
  { method: 'GET', path: '/api/export/scope', roles: [...STAFF], idQuery: ['zone', 'project', 'estateIds'] },
  { method: 'POST', path: '/api/import/scope', roles: DESIGN },
  { method: 'PUT', path: '/api/estates/:id/geometry', roles: ['admin', 'planner', 'designer'] },
  { method: 'GET', path: '/api/estates/:id/geometry-history', roles: STAFF },

  // A plan's table (issue 13): a corrected table as the next version, and the versions kept.
  { method: 'PUT', path: '/api/plans/:id/table', roles: PLANNING },
  { method: 'GET', path: '/api/plans/:id/tables', roles: STAFF },
  { method: 'GET', path: '/api/plans/:id/tables/:version', roles: STAFF },
  // Plan management (issue 13): staff read the plans and their schedules; planners keep milestones
  // and targets; deleting a plan is the admin's, with the slug as confirmation.
  { method: 'GET', path: '/api/plans', roles: STAFF },
  { method: 'DELETE', path: '/api/plans/:id', roles: ['admin'] },
  { method: 'GET', path: '/api/plans/:id/milestones', roles: STAFF },
  { method: 'PUT', path: '/api/plans/:id/milestones', roles: PLANNING },
  { method: 'POST', path: '/api/plans/:id/milestones/import', roles: PLANNING, note: 'preview=true writes nothing but reads the plan: a planner tool' },
  { method: 'GET', path: '/api/plans/:id/targets', roles: STAFF },
  { method: 'PUT', path: '/api/plans/:id/targets', roles: PLANNING },
  { method: 'POST', path: '/api/plans/:id/targets/import', roles: PLANNING },
  // Placing an estate without a red line (待落图, issue 13): a provisional point until a designer
  // draws or imports the red line.
  { method: 'PUT', path: '/api/estates/:id/location', roles: ['admin', 'planner', 'designer'] },
  { method: 'DELETE', path: '/api/estates/:id/location', roles: ['admin', 'planner', 'designer'] },

];

/** Each contract route's line: method, path, roles, reporter reach, id query parameters, note. */
const fromContracts: Rule[] = CONTRACTS.flatMap((contract) =>
  Object.values(contract.routes).map((r) => ({
    method: r.method,
    path: r.path,
    roles: r.roles,
    ...(r.reporter ? { reporter: REPORTER_SCOPES[r.reporter] } : {}),
    ...(r.idQuery ? { idQuery: r.idQuery } : {}),
    ...(r.note ? { note: r.note } : {}),
  })),
);

export const POLICY: readonly Rule[] = [...fromContracts, ...LEGACY];

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

/** The line for a request; HEAD is a GET. Exact segments win over `:param` lines listed later. */
export function ruleFor(method: string, path: string): Rule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find(({ rule, re }) => rule.method === m && re.test(path))?.rule;
}

/** What an unlisted route allows (see the comment at the top). */
export function defaultRoles(method: string): readonly Role[] {
  return method === 'GET' || method === 'HEAD' ? STAFF : ['admin'];
}

import type { Context } from 'hono';
import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { idFromNumber, parseId } from '../../shared/ids.ts';
import type { SessionUser } from './sessions.ts';

/**
 * A reporter's region scoping (城镇老旧小区改造 monthly reports come from the street or district
 * office that runs the estates). Each check runs before the handler: it refuses (403) a request
 * about another region, or returns a filter that trims a list response to the reporter's estates.
 * Malformed parameters pass through so that the handler answers them with its usual 400.
 */
export type ResponseFilter = (body: unknown) => unknown;
export type ReporterCheck = (c: Context, user: ReporterUser, db: Queryable, params: Record<string, string>) => Promise<ResponseFilter | void>;
export type ReporterUser = SessionUser & { region: NonNullable<SessionUser['region']> };

/**
 * Ids are read with the one parser the routes use (shared/ids.ts); the gate before the guard
 * (server/http/ids.ts) has already refused a path or query id that is not canonical.
 */
const idOf = (v: unknown): number | null => (typeof v === 'string' ? parseId(v) : idFromNumber(v));

const outside = (user: ReporterUser, what: string) =>
  new HttpError(403, 'outside_region', `${what} is outside ${user.region.name} (${user.region.code}), the region you report for`, {
    region: user.region.code,
  });

/** Ids of the estates in the reporter's region (their street, or every street of their district). */
async function ownEstateIds(db: Queryable, user: ReporterUser): Promise<Set<number>> {
  const rows = await db.query<{ id: number }>(
    'SELECT id FROM estates WHERE district_code = $1 OR street_code = $1 OR community_code = $1',
    [user.region.code],
  );
  return new Set(rows.map((r) => r.id));
}

/** 403 unless the estate is the reporter's; an unknown estate is left to the handler's 404. */
async function requireOwnEstate(db: Queryable, user: ReporterUser, estateId: number): Promise<void> {
  const [row] = await db.query<{ mine: boolean }>(
    'SELECT (district_code = $2 OR street_code = $2 OR community_code IS NOT DISTINCT FROM $2) AS mine FROM estates WHERE id = $1',
    [estateId, user.region.code],
  );
  if (row && !row.mine) throw outside(user, `Estate ${estateId}`);
}

/** A `district` parameter (comma-separated on tiles) must name the reporter's district only. */
function requireOwnDistrict(c: Context, user: ReporterUser, required: boolean): void {
  const district = c.req.query('district');
  if (district === undefined) {
    if (required) {
      throw new HttpError(403, 'outside_region', `district: a reporter's requests name their district (${user.region.districtCode})`, {
        parameter: 'district', region: user.region.code,
      });
    }
    return;
  }
  const codes = district.split(',');
  if (codes.some((code) => code !== user.region.districtCode)) throw outside(user, `District ${district}`);
}

/** `code` is the region `own` or lies inside it (a street of a district, a community of either). */
async function withinRegion(db: Queryable, code: string, own: string): Promise<boolean> {
  if (code === own) return true;
  const [row] = await db.query<{ inside: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM regions r LEFT JOIN regions p ON p.code = r.parent_code
       WHERE r.code = $1 AND (r.parent_code = $2 OR p.parent_code = $2)) AS inside`,
    [code, own],
  );
  return row?.inside ?? false;
}

export const REPORTER_REACH = {
  /** The place picker lists the programmes of the reporter's district. */
  programmes: async (_c, user) => (body) =>
    Array.isArray(body) ? body.filter((p: { districtCodes?: string[] }) => p.districtCodes?.includes(user.region.districtCode)) : body,

  /**
   * The handler itself lists only the reporter's estates (server/estates/handlers.ts reads the
   * session user, and its cache keys on their region), so that a cached list is never another's.
   */
  estateList: async (c, user) => {
    requireOwnDistrict(c, user, false);
  },

  estateById: async (_c, user, db, params) => {
    const id = idOf(params.id);
    if (id !== null) await requireOwnEstate(db, user, id);
  },

  /**
   * A reporter's map: estates and buildings of their region. A tile request names `district=`
   * (their district) or `region=` (their region or a place inside it: a district reporter's
   * district or one of its streets, a street reporter's street), or both; the tiles filter on
   * both. A street reporter's estate and building tiles must name their street (or a community of
   * it) in `region=`. Region outlines are public. Pipeline works and zones are staff's, as their
   * APIs are.
   */
  tiles: async (c, user, db) => {
    const layer = c.req.path.split('/')[2];
    if (layer === 'pipelines' || layer === 'zones') {
      throw new HttpError(403, 'forbidden', `Tiles of ${layer} are for planning staff; a reporter's map shows their estates`, { layer });
    }
    const region = c.req.query('region');
    if (c.req.query('district') === undefined && region === undefined) {
      throw new HttpError(403, 'outside_region', `district or region: a reporter's tiles name their district (${user.region.districtCode}) or their region (${user.region.code})`, {
        parameter: 'region', region: user.region.code,
      });
    }
    requireOwnDistrict(c, user, false);
    if (region !== undefined && !(await withinRegion(db, region, user.region.code))) throw outside(user, `Region ${region}`);
    const street = user.region.code !== user.region.districtCode;
    if (street && (layer === 'estates' || layer === 'buildings') && region === undefined) {
      throw new HttpError(403, 'outside_region', `region: a street reporter's ${layer} tiles name their region (region=${user.region.code}, ${user.region.name})`, {
        parameter: 'region',
        region: user.region.code,
      });
    }
  },

  /**
   * The search box: the handler itself searches only the reporter's region (server/search/sql.ts
   * reads the session user), so that a limit counts what the reporter may see. A `district`
   * context must be their district.
   */
  search: async (c, user) => {
    requireOwnDistrict(c, user, false);
  },

  reportList: async (c, user, db) => {
    const id = idOf(c.req.query('estateId'));
    if (id !== null) return requireOwnEstate(db, user, id);
    const ids = await ownEstateIds(db, user);
    return (body) => {
      const b = body as { reports?: { estateId: number }[] };
      return Array.isArray(b.reports) ? { ...b, reports: b.reports.filter((r) => ids.has(r.estateId)) } : body;
    };
  },

  reportBody: async (c, user, db) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return; // the handler says what is wrong with it
    }
    const id = idOf((body as { estateId?: unknown } | null)?.estateId);
    if (id !== null) await requireOwnEstate(db, user, id);
  },
} satisfies Record<string, ReporterCheck>;

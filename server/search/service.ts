import type { Database, Queryable } from '../db/engine.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { SEARCH_DEFAULT_LIMIT, SEARCH_TIERS, type SearchKind, type SearchFrame, type SearchMatchedBy, type SearchResponse, type SearchResult } from '../../shared/search/contract.ts';
import { searchNamesFor } from './names.ts';
import { queryPinyin } from './pinyin.ts';
import { searchSql } from './sql.ts';

export interface SearchInput {
  q: string;
  limit?: number;
  district?: string[];
  year?: number;
}

interface Row {
  kind: SearchKind;
  id: number | null;
  code: string | null;
  name: string;
  tier: number;
  matchedBy: SearchMatchedBy;
  inContext: boolean;
  frame: SearchFrame | null;
  districtCode: string | null;
  districtName: string | null;
  streetCode: string | null;
  streetName: string | null;
  programmeKey: string | null;
  programmeName: string | null;
  programmeYear: number | null;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
  px: number | null;
  py: number | null;
}

/**
 * GET /api/search (README "Search"): the names' pinyin is brought up to date on the primary
 * (`primary`), then the search runs where reads go (`reads`), limited to what `user` may see.
 */
export async function search(primary: Database, reads: Queryable, user: SessionUser | undefined, input: SearchInput): Promise<SearchResponse> {
  await searchNamesFor(primary).ensure();
  const written = input.q.replace(/\s+/g, '').toLowerCase();
  const pinyin = queryPinyin(input.q);
  const reporterRegion = user?.role === 'reporter' ? (user.region?.code ?? '-') : null; // '-': no region, nothing
  const rows = await reads.query<Row>(searchSql, [
    reporterRegion,
    reporterRegion === null,
    written,
    pinyin,
    input.district ?? null,
    input.year ?? null,
    input.limit ?? SEARCH_DEFAULT_LIMIT,
  ]);
  return { query: { written, pinyin }, results: rows.map(toResult) };
}

function toResult(r: Row): SearchResult {
  return {
    kind: r.kind,
    id: r.id === null ? null : Number(r.id),
    code: r.code,
    name: r.name,
    district: r.districtCode ? { code: r.districtCode, name: r.districtName! } : null,
    street: r.streetCode ? { code: r.streetCode, name: r.streetName! } : null,
    programme: r.programmeKey ? { key: r.programmeKey, name: r.programmeName!, year: Number(r.programmeYear) } : null,
    bbox: r.minx === null ? null : [r.minx, r.miny!, r.maxx!, r.maxy!],
    point: r.px === null ? null : [r.px, r.py!],
    frame: r.frame,
    match: { tier: SEARCH_TIERS[r.tier]!, by: r.matchedBy },
    inContext: r.inContext,
  };
}

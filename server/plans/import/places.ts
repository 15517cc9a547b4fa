import type { Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import type { RegionRow } from '../../regions/service.ts';
import { ambiguousNameReason, ensureCommunities, matchRegionName } from '../../regions/communities.ts';
import type { PlanTable, Problem } from '../table/parse.ts';
import type { CreatedCommunity } from '../../../shared/plans/contract.ts';

/** A refused plan table: 422 with every row, column and reason. */
export function rejected(problems: Problem[]): HttpError {
  const first = problems.slice(0, 3).map((p) => [p.row ? `row ${p.row}` : null, p.column, p.reason].filter(Boolean).join(', '));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return new HttpError(422, 'invalid_plan_table', `The plan table was rejected, nothing was written: ${first.join('; ')}${more}`, {
    problems,
  });
}

/** Resolves 辖区/街道/社区 names to regions under the chosen region; creates missing communities. */
export async function resolvePlaces(tx: Queryable, region: RegionRow, table: PlanTable) {
  const problems: Problem[] = [];
  const children = async (code: string) =>
    tx.query<RegionRow>('SELECT code, name, level, parent_code FROM regions WHERE parent_code = $1 ORDER BY code', [code]);
  const districts = new Map<string, RegionRow>();
  const districtNames = region.level === 'district' ? [] : await children(region.code);
  const districtOfName = (name: string | null, row: number): RegionRow | undefined => {
    if (region.level === 'district') {
      if (name && name !== region.name) {
        problems.push({ row, column: '辖区', reason: `"${name}" is not ${region.name}, the region this plan is imported for` });
      }
      return region;
    }
    if (!name) {
      problems.push({ row, column: '辖区', reason: `a city-level plan needs the district (辖区) of each estate` });
      return undefined;
    }
    const d = districtNames.find((x) => x.name === name);
    if (!d) {
      problems.push({ row, column: '辖区', reason: `no district "${name}" in ${region.name}; known: ${districtNames.map((x) => x.name).join('、')}` });
    }
    return d;
  };
  const streetsOf = new Map<string, RegionRow[]>();
  const communitiesOf = new Map<string, RegionRow[]>();
  const created: CreatedCommunity[] = [];
  const streetByRow = new Map<number, RegionRow>();
  const communityByRow = new Map<number, RegionRow>();

  for (const e of table.estates) {
    const d = districtOfName(e.district, e.row);
    if (!d) continue;
    districts.set(String(e.row), d);
    if (!streetsOf.has(d.code)) {
      await ensureCommunities(tx, d.code); // the district's NBS communities, so that names resolve to real codes
      streetsOf.set(d.code, await children(d.code));
    }
    const streets = streetsOf.get(d.code)!;
    const sm = matchRegionName(e.street, streets);
    const s = sm.match;
    if (!s) {
      problems.push({
        row: e.row, column: '所在街道',
        reason: sm.ambiguous.length ? ambiguousNameReason(e.street, d.name, sm.ambiguous)
          : `no street "${e.street}" in ${d.name}; known: ${streets.map((x) => x.name).join('、')}`,
      });
      continue;
    }
    streetByRow.set(e.row, s);
    if (!e.community) continue;
    if (!communitiesOf.has(s.code)) communitiesOf.set(s.code, await children(s.code));
    const list = communitiesOf.get(s.code)!;
    const cm = matchRegionName(e.community, list);
    if (cm.ambiguous.length) {
      problems.push({ row: e.row, column: '所在社区', reason: ambiguousNameReason(e.community, s.name, cm.ambiguous) });
      continue;
    }
    let c = cm.match;
    if (!c) {
      // Not in the NBS list (regions/communities.ts): make a code in the street's range and say so.
      const used = new Set(list.map((x) => x.code));
      let n = 901;
      while (used.has(`${s.code}${n}`)) n++;
      c = { code: `${s.code}${n}`, name: e.community, level: 'community', parent_code: s.code };
      await tx.query(
        `INSERT INTO regions (code, name, level, parent_code, code_source, synthetic) VALUES ($1, $2, 'community', $3, 'generated', true)`,
        [c.code, c.name, s.code],
      );
      list.push(c);
      created.push({ code: c.code, name: c.name, street: s.name });
    }
    communityByRow.set(e.row, c);
  }
  if (problems.length) throw rejected(problems);
  return {
    created,
    districtOf: (e: { row: number }) => districts.get(String(e.row))!,
    streetOf: (e: { row: number }) => streetByRow.get(e.row)!,
    communityOf: (e: { row: number }) => communityByRow.get(e.row),
  };
}


export type Places = Awaited<ReturnType<typeof resolvePlaces>>;

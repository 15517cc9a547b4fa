import type { Queryable } from '../db/engine.ts';
import type { RegionLevel, RegionRef, RegionSearchResult } from '../../shared/regions/contract.ts';
import { PLACEHOLDER_CITY_NAMES } from './nbs-source.ts';
import { REGION_NAME_SUFFIXES, stripSuffix } from './names.ts';

/**
 * GET /api/regions/search: regions by name as bureaus write it, or by code prefix, with their
 * district, city and province, for the import form's region picker.
 *
 * Order: the name itself first, then the name with a suffix a bureau leaves out (西湖 → 西湖区,
 * 蓉江街道办事处 → 蓉江街道), then names starting with it, then names containing it; within each,
 * provinces, cities and districts before streets and communities, then by code. A query of digits
 * also finds the region with that code and the regions under it. The NBS list's placeholder cities
 * (市辖区 …) are never results: they name no place.
 */
const searchSql = `
  WITH hit AS (
    SELECT r.code, r.name, r.level, r.parent_code,
           CASE WHEN r.name = $1 OR r.code = $1 THEN 0
                WHEN r.name = $2 OR (left(r.name, length($2)) = $2 AND substr(r.name, length($2) + 1) = ANY($3::text[])) THEN 1
                WHEN r.name LIKE $4 ESCAPE '\\' OR r.code LIKE $6 THEN 2
                ELSE 3 END AS tier
    FROM regions r
    WHERE (r.name LIKE $5 ESCAPE '\\' OR r.code LIKE $6)
      AND ($7::text IS NULL OR r.level = $7)
      AND NOT (r.level = 'city' AND r.name = ANY($8::text[]))
    ORDER BY tier, array_position(ARRAY['province', 'city', 'district', 'street', 'community'], r.level), r.code
    LIMIT $9)
  SELECT h.code, h.name, h.level,
         p1.code AS c1, p1.name AS n1, p1.level AS l1,
         p2.code AS c2, p2.name AS n2, p2.level AS l2,
         p3.code AS c3, p3.name AS n3, p3.level AS l3,
         p4.code AS c4, p4.name AS n4, p4.level AS l4
  FROM hit h
  LEFT JOIN regions p1 ON p1.code = h.parent_code
  LEFT JOIN regions p2 ON p2.code = p1.parent_code
  LEFT JOIN regions p3 ON p3.code = p2.parent_code
  LEFT JOIN regions p4 ON p4.code = p3.parent_code
  ORDER BY h.tier, array_position(ARRAY['province', 'city', 'district', 'street', 'community'], h.level), h.code`;

interface Row {
  code: string;
  name: string;
  level: RegionLevel;
  [k: string]: string | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchRegions(db: Queryable, q: string, level: RegionLevel | undefined, limit: number): Promise<RegionSearchResult[]> {
  const written = q.replace(/\s+/g, '');
  const { core } = stripSuffix(written);
  const byCode = /^\d{2,12}$/.test(written) ? `${written}%` : '-'; // '-': matches no code
  const rows = await db.query<Row>(searchSql, [
    written,
    core,
    [...REGION_NAME_SUFFIXES, '区', '县', '市', '旗', '自治县', '自治旗', '林区', '特区'],
    `${likeEscape(core)}%`,
    `%${likeEscape(core)}%`,
    byCode,
    level ?? null,
    [...PLACEHOLDER_CITY_NAMES],
    limit,
  ]);
  return rows.map((r) => {
    const chain = [1, 2, 3, 4]
      .map((i) => (r[`c${i}`] ? { code: r[`c${i}`]!, name: r[`n${i}`]!, level: r[`l${i}`]! } : null))
      .filter((x): x is { code: string; name: string; level: string } => x !== null);
    const at = (level: string): RegionRef | null => {
      const x = chain.find((c) => c.level === level);
      return x ? { code: x.code, name: x.name } : null;
    };
    const province = at('province');
    let city = at('city');
    if (city && (PLACEHOLDER_CITY_NAMES as readonly string[]).includes(city.name)) {
      // A municipality's districts and counties (市辖区, 县): the municipality is their city. A
      // county-level unit its province governs directly (省直辖县级行政区划) has no city.
      city = city.name === '市辖区' || city.name === '县' ? province : null;
    }
    return { code: r.code, name: r.name, level: r.level, city, province, district: at('district') };
  });
}

/**
 * Names as bureaus write them against names as the NBS list carries them. The list names the
 * committee (金赣南路社区居委会, 华山村委会, 蓉江街道); a plan table names the place (金赣南路社区,
 * 华山村, 蓉江, 蓉江街道办事处). The rule, in order (the first rule that finds anything decides):
 *
 *   1. the same name (after Unicode NFKC and without spaces);
 *   2. the written name is the listed name without its suffix (金赣 → 金赣居委会, 蓉江 → 蓉江街道);
 *   3. both without their suffixes are the same and the suffixes are of the same kind (金赣南路社区 →
 *      金赣南路社区居委会, 蓉江街道办事处 → 蓉江街道), or the listed name has no suffix at all.
 *
 * Kinds keep a 社区 from matching a 村 and a 镇 from matching a 乡 or a 街道. Two names found by
 * the same rule are ambiguous: the caller refuses rather than pick one.
 */
type Kind = 'residents' | 'villagers' | 'subdistrict' | 'town' | 'township';

const SUFFIXES: [string, Kind][] = (
  [
    // Communities: residents' committees (社区) and villagers' committees (村, 嘎查 in Inner Mongolia).
    ['社区居民委员会', 'residents'],
    ['社区居委会', 'residents'],
    ['居民委员会', 'residents'],
    ['居委会', 'residents'],
    ['社区', 'residents'],
    ['村民委员会', 'villagers'],
    ['村委会', 'villagers'],
    ['嘎查委员会', 'villagers'],
    ['嘎查', 'villagers'],
    ['村', 'villagers'],
    // Streets and towns: subdistricts (街道, the office of which is the 街道办事处), towns, townships.
    ['街道办事处', 'subdistrict'],
    ['街道', 'subdistrict'],
    ['办事处', 'subdistrict'],
    ['镇', 'town'],
    ['乡', 'township'],
    ['苏木', 'township'],
  ] as [string, Kind][]
).sort((a, b) => b[0].length - a[0].length);

/** NFKC (full-width brackets and digits become ASCII) without any white space. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/** The suffixes, longest first (search.ts ranks a name that is the query plus one of them high). */
export const REGION_NAME_SUFFIXES: readonly string[] = SUFFIXES.map(([suffix]) => suffix);

/** The name without its administrative suffix, and the kind that suffix names (null: none). */
export function splitRegionName(name: string): { core: string; kind: Kind | null } {
  return stripSuffix(normaliseName(name));
}

/** As splitRegionName, on the name as given (no normalisation). */
export function stripSuffix(n: string): { core: string; kind: Kind | null } {
  for (const [suffix, kind] of SUFFIXES) {
    if (n.length > suffix.length && n.endsWith(suffix)) return { core: n.slice(0, -suffix.length), kind };
  }
  return { core: n, kind: null };
}

export interface NameMatch<T> {
  /** The one candidate the written name means, or null. */
  match: T | null;
  /** Set when the rule that found something found more than one: refuse, naming them. */
  ambiguous: T[];
}

export function matchRegionName<T extends { name: string }>(written: string, candidates: readonly T[]): NameMatch<T> {
  const w = normaliseName(written);
  if (w === '') return { match: null, ambiguous: [] };
  const ws = splitRegionName(w);
  const listed = candidates.map((c) => ({ c, n: normaliseName(c.name), ...splitRegionName(c.name) }));
  const rules: ((x: (typeof listed)[number]) => boolean)[] = [
    (x) => x.n === w,
    (x) => x.kind !== null && x.core === w,
    (x) => ws.kind !== null && ((x.kind === ws.kind && x.core === ws.core) || (x.kind === null && x.n === ws.core)),
  ];
  for (const rule of rules) {
    const found = listed.filter(rule).map((x) => x.c);
    if (found.length === 1) return { match: found[0]!, ambiguous: [] };
    if (found.length > 1) return { match: null, ambiguous: found };
  }
  return { match: null, ambiguous: [] };
}

/** The reason given when a written name fits several listed ones. */
export function ambiguousNameReason(written: string, where: string, ambiguous: readonly { name: string; code?: string }[]): string {
  const names = ambiguous.map((a) => (a.code ? `${a.name} (${a.code})` : a.name)).join('、');
  return `"${written}" could be any of ${names} in ${where}: write the name with its suffix (社区 or 村, 街道 or 镇 …)`;
}

import type { Programme, RegionCollection } from './api.ts';
import type { Lang } from '../i18n/dict.ts';
import type { ProgrammeMarker } from '../map/layers.ts';
import { programmeExtent } from './extent.ts';

export { programmesBbox } from './extent.ts';

/**
 * One overview dot per place. Programmes of the same place (Wuhai 2020 and 2021) share a dot whose
 * label lists both years; a click on it opens the latest. The dot sits in the middle of the newest
 * programme that has an extent (placed estates, else its districts' or province's outline); a place
 * known only as "somewhere in China" gets no dot (it is in the picker).
 */
export function programmeMarkers(programmes: Programme[], lang: Lang, districts: RegionCollection | null = null): ProgrammeMarker[] {
  const groups = new Map<string, Programme[]>();
  for (const p of programmes) {
    const codes = p.districtCodes.length > 0 ? p.districtCodes : [p.regionCode ?? p.key];
    const key = [...codes].sort().join('+');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const markers: ProgrammeMarker[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => b.year - a.year);
    const latest = sorted[0]!;
    const where = sorted.map((p) => programmeExtent(p, districts)).find((e) => e && e.source !== 'country');
    if (!where) continue;
    const [w, s, e, n] = where.bbox;
    const years = [...sorted].reverse().map((p) => p.year);
    markers.push({ key: latest.key, position: [(w + e) / 2, (s + n) / 2], text: `${placeName(latest, lang)} ${years.join(' / ')}` });
  }
  return markers;
}

/**
 * The place part of a programme's name: "2021年乌海市老旧小区改造项目" → "乌海市",
 * "Nankang 2024" → "Nankang".
 */
export function placeName(p: Programme, lang: Lang): string {
  if (lang === 'en') return p.nameEn.replace(/\s*\d{4}\s*/g, ' ').trim();
  return p.name
    .replace(/\d{4}\s*年?(度)?/g, '')
    .replace(/(推进)?(城镇)?老旧小区.*$/, '')
    .trim();
}

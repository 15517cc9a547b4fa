import type { Programme } from '../api/types.ts';
import type { Lang } from '../i18n/dict.ts';
import type { ProgrammeMarker } from '../map/layers.ts';

/**
 * One overview dot per place. Programmes of the same place (Wuhai 2020 and 2021) share a dot whose
 * label lists both years; a click on it opens the latest.
 */
export function programmeMarkers(programmes: Programme[], lang: Lang): ProgrammeMarker[] {
  const groups = new Map<string, Programme[]>();
  for (const p of programmes) {
    const key = [...p.districtCodes].sort().join('+');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => b.year - a.year);
    const latest = sorted[0]!;
    const [w, s, e, n] = latest.frame.bbox; // always set: placed estates, else province, else China
    const years = [...sorted].reverse().map((p) => p.year);
    return {
      key: latest.key,
      position: [(w + e) / 2, (s + n) / 2] as [number, number],
      text: `${placeName(latest, lang)} ${years.join(' / ')}`,
    };
  });
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

/** The union of the programmes' bounding boxes, for the overview. */
export function programmesBbox(programmes: Programme[]): [number, number, number, number] | null {
  if (programmes.length === 0) return null;
  return programmes.reduce<[number, number, number, number]>(
    (b, { frame: { bbox: f } }) => [Math.min(b[0], f[0]), Math.min(b[1], f[1]), Math.max(b[2], f[2]), Math.max(b[3], f[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

import { pinyin } from 'pinyin-pro';

/** What the search compares a name with besides the name itself (migration 0018). */
export interface NamePinyin {
  name: string;
  /** 'jinganxiaoqu' */
  full: string;
  /** 'jgxq' */
  initials: string;
  /** ' jinganxiaoqu ganxiaoqu xiaoqu qu': each syllable's start to the end. */
  fullStarts: string;
  /** ' jgxq gxq xq q' */
  initialsStarts: string;
}

/**
 * A name's syllables: Chinese characters read by pinyin-pro (the reading it picks in context, so
 * 银行 is yin hang and 重庆 chong qing), tones dropped, ü written v; a run of Latin letters or
 * digits ('A区12号楼' → a, qu, 12, hao, lou) is one syllable as written, lowercased; anything else
 * (brackets, dots, dashes) is dropped.
 */
export function syllables(name: string): { text: string; han: boolean }[] {
  return pinyin(name, { toneType: 'none', type: 'all', v: true, nonZh: 'consecutive' }).flatMap((s) =>
    (s.isZh ? s.pinyin : s.origin)
      .toLowerCase()
      .replace(/ü/g, 'v')
      .split(/[^a-z0-9]+/)
      .filter((text) => text.length > 0)
      .map((text) => ({ text, han: s.isZh })),
  );
}

const starts = (parts: string[]) => parts.map((_, i) => ` ${parts.slice(i).join('')}`).join('');

export function namePinyin(name: string): NamePinyin {
  const parts = syllables(name);
  const full = parts.map((s) => s.text);
  // A Chinese syllable gives its first letter; a run of digits or Latin letters stays whole (12 → 12).
  const initials = parts.map((s) => (s.han ? s.text[0]! : s.text));
  return {
    name,
    full: full.join(''),
    initials: initials.join(''),
    fullStarts: starts(full),
    initialsStarts: starts(initials),
  };
}

/**
 * The query's pinyin form: lowercased, spaces and apostrophes dropped (jin gan, jin'gan → jingan),
 * ü as v; null unless it is then Latin letters (and digits) with at least one letter, since only
 * such a query can be pinyin or initials.
 */
export function queryPinyin(q: string): string | null {
  const p = q.toLowerCase().replace(/ü/g, 'v').replace(/[\s'’·-]+/g, '');
  return /^[a-z0-9]+$/.test(p) && /[a-z]/.test(p) ? p : null;
}

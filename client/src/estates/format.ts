import type { DictKey, Lang } from '../i18n/dict.ts';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function fmtNumber(value: number, lang: Lang, maxDigits = 2): string {
  return value.toLocaleString(locale(lang), { maximumFractionDigits: maxDigits });
}

/** A 0..1 rate as a percentage with one decimal: 0.0307 → "3.1 %". */
export function fmtRate(rate: number, lang: Lang): string {
  return `${(rate * 100).toLocaleString(locale(lang), { maximumFractionDigits: 1 })} %`;
}

export function fmtPct(pct: number, lang: Lang): string {
  return `${pct.toLocaleString(locale(lang), { maximumFractionDigits: 1 })} %`;
}

/** Floor area is stored in m²; the plans speak in 万㎡ (10,000 m²). */
export function wan(m2: number): number {
  return m2 / 10_000;
}

/** "644 户" / "644 households", "1 building": the unit keys come in plural and singular. */
export function fmtCount(n: number, lang: Lang, t: (key: DictKey) => string, plural: DictKey, singular: DictKey): string {
  return `${fmtNumber(n, lang)} ${t(n === 1 ? singular : plural)}`;
}

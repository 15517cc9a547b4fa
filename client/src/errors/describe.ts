import { isErrorCode } from '../../../shared/errors/codes.ts';
import type { Lang } from '../i18n/dict.ts';
import { ERROR_STRINGS, type Details } from './strings.ts';

/** Where an item of an error's details points: a row, a column, a feature, a parameter or field. */
interface Place {
  row?: unknown;
  column?: unknown;
  feature?: unknown;
  parameter?: unknown;
  field?: unknown;
  at?: unknown;
  reason?: unknown;
  message?: unknown;
  /** An ErrorCode for this place's problem (a geometry problem), worded from params instead of reason. */
  code?: unknown;
  params?: unknown;
}

const PLACE_WORDS = {
  zh: {
    row: (v: unknown) => `第 ${v} 行`,
    column: (v: unknown) => `「${v}」列`,
    feature: (v: unknown) => `要素 ${v}`,
    parameter: (v: unknown) => `参数 ${v}`,
    field: (v: unknown) => `字段 ${v}`,
    at: (v: unknown) => `${v}`,
    more: (k: number) => `等共 ${k} 处`,
    colon: '：',
    sep: '；',
  },
  en: {
    row: (v: unknown) => `row ${v}`,
    column: (v: unknown) => `column ${v}`,
    feature: (v: unknown) => `feature ${v}`,
    parameter: (v: unknown) => `${v}`,
    field: (v: unknown) => `${v}`,
    at: (v: unknown) => `${v}`,
    more: (k: number) => `${k} in all`,
    colon: ': ',
    sep: '; ',
  },
} as const;

const SHOWN = 3;

/** The items of details that name a place: details itself, a list, or details.problems. */
function placesOf(details: unknown): Place[] {
  const items = Array.isArray(details) ? details : Array.isArray((details as { problems?: unknown })?.problems) ? (details as { problems: unknown[] }).problems : [details];
  return items.filter((x): x is Place => typeof x === 'object' && x !== null && ['row', 'column', 'feature', 'parameter', 'field', 'at'].some((k) => k in x));
}

function where(p: Place, lang: Lang): string {
  const w = PLACE_WORDS[lang];
  const parts: string[] = [];
  if (typeof p.row === 'number') parts.push(w.row(p.row));
  if (typeof p.column === 'string' && p.column) parts.push(w.column(p.column));
  if (typeof p.feature === 'number') parts.push(w.feature(p.feature));
  if (typeof p.parameter === 'string' && p.parameter !== '(body)') parts.push(w.parameter(p.parameter));
  if (typeof p.field === 'string' && p.field !== '(body)') parts.push(w.field(p.field));
  if (typeof p.at === 'string') parts.push(w.at(p.at));
  // The reason a row or field was refused is data the server attaches to the place (its words
  // are the reader's own: plan tables, files); the code's message above says what happened.
  // A place with a code of its own (a geometry problem: "feature 2 is a LineString") is worded in
  // the UI's language from its params; the English reason is for logs.
  const coded = typeof p.code === 'string' && isErrorCode(p.code) ? ERROR_STRINGS[p.code][lang] : null;
  if (coded !== null) {
    const said = typeof coded === 'function' ? coded((typeof p.params === 'object' && p.params !== null ? p.params : {}) as Details) : coded;
    // "要素 2 是线（LineString）…", "feature 2 is a LineString…"; a drawn geometry needs no place.
    const place = parts.filter((x) => x !== w.field('geometry')).join(lang === 'zh' ? '' : ', ');
    if (!place) return said;
    return `${place}${lang === 'zh' || /^(is|has|lies|nests) /.test(said) ? ' ' : ': '}${said}`;
  }
  const why = typeof p.reason === 'string' ? p.reason : typeof p.message === 'string' ? p.message : '';
  const reason = why ? (lang === 'zh' ? `（${why}）` : ` (${why})`) : '';
  return parts.join(lang === 'zh' ? '' : ', ') + reason;
}

/**
 * The sentence the UI shows for a failed API call: the code's words in the UI's language, then
 * the places the details name (row, column, feature, parameter), at most three and a count.
 */
export function describeError(status: number, code: string, details: unknown, lang: Lang): string {
  const w = PLACE_WORDS[lang];
  const words = isErrorCode(code) ? ERROR_STRINGS[code][lang] : null;
  // A list (overlap's estates) reaches the words as d.items.
  const d = (Array.isArray(details) ? { items: details } : typeof details === 'object' && details !== null ? details : {}) as Details;
  const base = words === null ? fallback(status, lang) : typeof words === 'function' ? words(d) : words;
  const places = placesOf(details).map((p) => where(p, lang)).filter(Boolean);
  if (!places.length) return base;
  const shown = places.slice(0, SHOWN).join(w.sep);
  return `${base}${w.colon}${shown}${places.length > SHOWN ? `${w.sep}${w.more(places.length)}` : ''}`;
}

/** A code this client does not know (a proxy's 502, a newer server): say what the status means. */
function fallback(status: number, lang: Lang): string {
  if (status === 0) return lang === 'zh' ? '无法连接服务器，请检查网络' : 'The server cannot be reached: check the connection';
  if (status >= 500) return lang === 'zh' ? `服务器暂时无法处理（HTTP ${status}），请稍后重试` : `The server could not answer (HTTP ${status}); try again later`;
  return lang === 'zh' ? `请求未被接受（HTTP ${status}）` : `The request was not accepted (HTTP ${status})`;
}

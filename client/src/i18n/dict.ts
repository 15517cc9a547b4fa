/**
 * The UI's words, merged from the capabilities' strings modules (`<capability>/strings.ts`) and `./common.ts` (the app
 * shell and words several capabilities share). Chinese is the default. tsc proves that every key exists in both
 * languages (each module's `en` is typed by its `zh`, and `en` below by the merged keys) and that no key is defined
 * by two modules (a spread would quietly keep the later text).
 */
import * as common from './common.ts';
import * as places from '../places/strings.ts';
import * as map from '../map/strings.ts';
import * as legend from '../legend/strings.ts';
import * as estates from '../estates/strings.ts';
import * as modes from '../modes/strings.ts';
import * as zones from '../zones/strings.ts';
import * as dashboard from '../dashboard/strings.ts';
import * as charts from '../dashboard/charts/strings.ts';
import * as reports from '../reports/strings.ts';
import * as pipelines from '../pipelines/strings.ts';
import * as auth from '../auth/strings.ts';
import * as audit from '../audit/strings.ts';
import * as accounts from '../accounts/strings.ts';
import * as scopes from '../scopes/strings.ts';
import * as milestones from '../milestones/strings.ts';
import * as placement from '../placement/strings.ts';
import * as plans from '../plans/strings.ts';
import * as search from '../search/strings.ts';
import * as print from '../print/strings.ts';
import * as layers from '../layers/strings.ts';

const zh = {
  ...common.zh,
  ...places.zh,
  ...map.zh,
  ...legend.zh,
  ...estates.zh,
  ...modes.zh,
  ...zones.zh,
  ...dashboard.zh,
  ...charts.zh,
  ...reports.zh,
  ...pipelines.zh,
  ...auth.zh,
  ...audit.zh,
  ...accounts.zh,
  ...scopes.zh,
  ...milestones.zh,
  ...placement.zh,
  ...plans.zh,
  ...search.zh,
  ...print.zh,
  ...layers.zh,
};

export type DictKey = keyof typeof zh;
export type Dict = Record<DictKey, string>;

const en: Dict = {
  ...common.en,
  ...places.en,
  ...map.en,
  ...legend.en,
  ...estates.en,
  ...modes.en,
  ...zones.en,
  ...dashboard.en,
  ...charts.en,
  ...reports.en,
  ...pipelines.en,
  ...auth.en,
  ...audit.en,
  ...accounts.en,
  ...scopes.en,
  ...milestones.en,
  ...placement.en,
  ...plans.en,
  ...search.en,
  ...print.en,
  ...layers.en,
};

/** The modules above, to check that none repeats another's key and that `zh` merges them all. */
type Modules = [
  typeof common, typeof places, typeof map, typeof legend, typeof estates, typeof modes, typeof zones, typeof dashboard, typeof charts,
  typeof reports, typeof pipelines, typeof auth, typeof audit, typeof accounts, typeof scopes, typeof milestones,
  typeof placement, typeof plans, typeof search, typeof print, typeof layers,
];
type Repeated<T extends readonly { zh: object }[], Seen extends PropertyKey = never> = T extends readonly [
  infer H extends { zh: object },
  ...infer R extends readonly { zh: object }[],
]
  ? (keyof H['zh'] & Seen) | Repeated<R, Seen | keyof H['zh']>
  : never;
type KeysOf<M> = M extends { zh: object } ? keyof M['zh'] : never;
type Unlisted = Exclude<DictKey, KeysOf<Modules[number]>>;
type Expect<T extends true> = T;
/** Fails with the repeated key's name if two modules define it. */
export type NoKeyRepeated = Expect<[Repeated<Modules>] extends [never] ? true : Repeated<Modules>>;
/** Fails with the keys of a module that is spread into `zh` but missing from `Modules`. */
export type AllModulesChecked = Expect<[Unlisted] extends [never] ? true : Unlisted>;

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DICTS: Record<Lang, Dict> = { zh, en };

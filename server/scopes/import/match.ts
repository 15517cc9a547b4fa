import type { ImportFeatureReport, ImportLayer } from '../../../shared/scopes/contract.ts';
import type { RawFeature } from './types.ts';
import { MAX_ID } from '../../../shared/ids.ts';
import { numberFromFile } from '../../../shared/numbers/strict-decimal.ts';

/**
 * Which estate (and building) each feature is, from its attributes. Names and ids are read
 * under the names this app exports and the Chinese column names of survey tables.
 */
const ESTATE_ID = ['estateId', 'estate_id', 'ESTATE_ID', 'estateid', '小区编号', '小区ID', '小区id'];
const ESTATE_NAME = ['estateName', 'estate_name', 'ESTATE_NAM', 'estatename', '小区名称', '小区名'];
const NAME = ['name', 'NAME', 'Name', '名称'];
const BUILDING_NUMBER = ['number', 'NUMBER', 'buildingNo', 'building_no', '楼号', '栋号', '楼栋号', '幢号'];

export interface EstateRow {
  id: number;
  name: string;
  version: number;
  planId: number;
  planYear: number;
  districtName: string;
}

export interface BuildingRow {
  id: number;
  estateId: number;
  number: number;
}

export interface Keys {
  layer: ImportLayer | 'other';
  id: number | null;
  name: string | null;
  buildingId: number | null;
  number: number | null;
}

const first = (p: Record<string, unknown>, keys: string[]) => {
  for (const k of keys) {
    const v = p[k];
    if (v !== null && v !== undefined && String(v).trim() !== '') return v;
  }
  return undefined;
};
/**
 * A positive whole number, as the file typed it or as a plain decimal numeral in text (a .dbf pads
 * its fields and may write 12 as 12.0): shared/numbers/strict-decimal.ts, never Number().
 */
const asId = (v: unknown) => {
  const n = numberFromFile(typeof v === 'string' ? v.trim() : v);
  return n !== null && Number.isSafeInteger(n) && n > 0 && n <= MAX_ID ? n : null;
};

/**
 * What a feature says about itself. The layer: the form's, else the feature's `layer` property or
 * GeoPackage table (this app's exports), else estate. In an estate feature `id` is the estate's
 * id; in a building feature it is the building's.
 */
export function keysOf(f: Pick<RawFeature, 'properties' | 'table'>, formLayer: ImportLayer | undefined): Keys {
  const p = f.properties;
  const tagged = String(p.layer ?? f.table ?? '').trim();
  const layer = formLayer ?? (tagged === 'building' ? 'building' : tagged === '' || tagged === 'estate' ? 'estate' : 'other');
  if (layer === 'building') {
    return {
      layer,
      id: asId(first(p, ESTATE_ID)),
      name: (first(p, ESTATE_NAME) as string | undefined)?.toString().trim() ?? null,
      buildingId: asId(p.id),
      number: asId(first(p, BUILDING_NUMBER)),
    };
  }
  return {
    layer,
    id: asId(first(p, [...ESTATE_ID, 'id', 'ID', 'Id'])),
    name: (first(p, [...ESTATE_NAME, ...NAME]) as string | undefined)?.toString().trim() ?? null,
    buildingId: null,
    number: null,
  };
}

type Report = Pick<ImportFeatureReport, 'status' | 'matchedBy' | 'estateId' | 'estateName' | 'buildingNumber' | 'candidates' | 'reason' | 'reasonCode'> & {
  buildingId: number | null;
  version: number | null;
};

const candidate = (e: EstateRow) => ({ id: e.id, name: e.name, planYear: e.planYear, districtName: e.districtName });

/**
 * Matches one feature. `assigned`: the estate the user picked for it (settles ambiguity).
 * Buildings: by building id, else by the estate and the building number; a number the estate
 * does not have yet is a new building.
 */
export function matchFeature(k: Keys, estates: Map<number, EstateRow>, byName: Map<string, EstateRow[]>, buildings: BuildingRow[], assigned: number | undefined): Report {
  const none = { matchedBy: null, estateId: null, estateName: null, buildingNumber: k.number, candidates: [], buildingId: null, version: null };
  if (k.layer === 'other') {
    return { ...none, status: 'unmatched', reason: 'not a red line or building footprint (pipeline works are imported at /api/pipelines/import)', reasonCode: { code: 'not_scope_layer', params: {} } };
  }

  let estate: EstateRow | undefined;
  let matchedBy: Report['matchedBy'] = null;
  const building = k.buildingId !== null ? buildings.find((b) => b.id === k.buildingId) : undefined;
  if (assigned !== undefined) {
    estate = estates.get(assigned);
    matchedBy = 'assign';
  } else if (building) {
    estate = estates.get(building.estateId);
    matchedBy = 'id';
  } else if (k.id !== null) {
    estate = estates.get(k.id);
    if (!estate) return { ...none, status: 'unmatched', reason: `no estate with id ${k.id}`, reasonCode: { code: 'no_estate_id', params: { id: k.id } } };
    matchedBy = 'id';
    if (k.name !== null && k.name !== estate.name) {
      const named = byName.get(k.name) ?? [];
      return {
        ...none,
        status: 'ambiguous',
        reason: `id ${k.id} is ${estate.name}, but the name says ${k.name}`,
        reasonCode: { code: 'id_name_mismatch', params: { id: k.id, estateName: estate.name, name: k.name } },
        candidates: [estate, ...named.filter((e) => e.id !== estate!.id)].map(candidate),
      };
    }
  } else if (k.name !== null) {
    const named = byName.get(k.name) ?? [];
    if (named.length === 0) return { ...none, status: 'unmatched', reason: `no estate named ${k.name}`, reasonCode: { code: 'no_estate_named', params: { name: k.name } } };
    if (named.length > 1) {
      return {
        ...none,
        status: 'ambiguous',
        reason: `${named.length} estates are named ${k.name}: pick one (or send plan)`,
        reasonCode: { code: 'several_named', params: { name: k.name, count: named.length } },
        candidates: named.map(candidate),
      };
    }
    estate = named[0];
    matchedBy = 'name';
  } else {
    return { ...none, status: 'unmatched', reason: 'has neither an estate id nor a name to match (id, estateId, name, 小区名称 …)', reasonCode: { code: 'no_keys', params: {} } };
  }
  const found = { matchedBy, estateId: estate!.id, estateName: estate!.name, candidates: [], version: estate!.version, reasonCode: null };
  if (k.layer === 'estate') return { ...found, status: 'matched', reason: null, buildingNumber: null, buildingId: null };

  if (building && building.estateId === estate!.id) return { ...found, status: 'matched', reason: null, buildingNumber: building.number, buildingId: building.id };
  if (k.number === null) {
    return { ...found, status: 'unmatched', reason: 'a building needs its number (number, 楼号 …) or its id', reasonCode: { code: 'building_number_needed', params: {} }, buildingNumber: null, buildingId: null };
  }
  const same = buildings.find((b) => b.estateId === estate!.id && b.number === k.number);
  return same
    ? { ...found, status: 'matched', reason: null, buildingNumber: k.number, buildingId: same.id }
    : {
        ...found,
        status: 'new',
        reason: `${estate!.name} has no building ${k.number} yet: it will be added`,
        reasonCode: { code: 'new_building', params: { estateName: estate!.name, number: k.number } },
        buildingNumber: k.number,
        buildingId: null,
      };
}

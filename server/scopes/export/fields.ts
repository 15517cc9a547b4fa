import type { ScopeLayer } from '../../../shared/scopes/contract.ts';

/**
 * The attribute table of each exported layer: the names are those of the API (GET /api/estates,
 * GET /api/estates/:id buildings, GET /api/pipelines), so a file and the API say the same thing.
 * Types become GeoPackage column types; `list` is a JSON array (a GeoJSON array, JSON text in a
 * GeoPackage or CSV cell).
 */
export type FieldType = 'integer' | 'real' | 'text' | 'boolean' | 'date' | 'list';
export type Field = readonly [name: string, type: FieldType];

export const LAYER_FIELDS: Record<ScopeLayer, readonly Field[]> = {
  estate: [
    ['id', 'integer'],
    ['name', 'text'],
    ['districtCode', 'text'],
    ['districtName', 'text'],
    ['streetCode', 'text'],
    ['streetName', 'text'],
    ['communityName', 'text'],
    ['projectId', 'integer'],
    ['projectName', 'text'],
    ['planId', 'integer'],
    ['planYear', 'integer'],
    ['households', 'integer'],
    ['buildingCount', 'integer'],
    ['floorAreaM2', 'real'],
    ['plannedInvestmentWan', 'real'],
    ['completedInvestmentWan', 'real'],
    ['investmentRate', 'real'],
    ['investmentLevel', 'text'],
    ['progressPct', 'real'],
    ['phase', 'text'],
    ['completed', 'boolean'],
    ['reportPeriod', 'text'],
    ['reportSynthetic', 'boolean'],
    ['contentItems', 'list'],
    ['personInCharge', 'text'],
    ['leader', 'text'],
    ['responsibleUnit', 'text'],
    ['seq', 'integer'],
    // The plan table's own columns (建成年代 …): [{ name, value }].
    ['attributes', 'list'],
    ['note', 'text'],
    ['source', 'text'],
    ['version', 'integer'],
    ['synthetic', 'boolean'],
    ['placement', 'text'],
  ],
  building: [
    ['id', 'integer'],
    ['estateId', 'integer'],
    ['estateName', 'text'],
    ['number', 'integer'],
    ['floors', 'integer'],
    ['households', 'integer'],
    ['synthetic', 'boolean'],
  ],
  pipeline: [
    ['id', 'integer'],
    ['utility', 'text'],
    ['owner', 'text'],
    ['districtCode', 'text'],
    ['estateId', 'integer'],
    ['projectId', 'integer'],
    ['startDate', 'date'],
    ['endDate', 'date'],
    ['status', 'text'],
    ['lengthMeters', 'real'],
    ['version', 'integer'],
    ['synthetic', 'boolean'],
    ['road', 'text'],
  ],
};

/** The geometry type of each layer's table (GeoPackage gpkg_geometry_columns). */
export const LAYER_GEOMETRY: Record<ScopeLayer, 'MULTIPOLYGON' | 'LINESTRING'> = {
  estate: 'MULTIPOLYGON',
  building: 'MULTIPOLYGON',
  pipeline: 'LINESTRING',
};

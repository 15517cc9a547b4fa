/**
 * Design scopes: the contract of server/scopes (export/, edit/, import/) and client/src/scopes.
 * A design scope is the set of estates and works a designer exports: a zone, a project or a list
 * of estates. Its file goes to GIS/CAD tools, and surveyed red lines or building footprints come
 * back (issue 6); a red line may also be drawn in the browser.
 *
 * "Scope" means two other things in this code base: a reporter's reach (server/auth/reporter-reach.ts)
 * and the dashboard's programme/district/street scope (client/src/dashboard/).
 */
import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import { idParam } from '../api.ts';
import { defineContract, file, json, multipart } from '../contract/route.ts';
import { STAFF, DESIGN, EDIT_PLACES } from '../auth.ts';
import { countString, idListString, idString } from '../ids.ts';

/** dxf: an AutoCAD drawing for CAD, in metres only (crs=cgcs2000&projected=true). */
export const EXPORT_FORMATS = ['geojson', 'gpkg', 'csv', 'dxf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The media type of each export format (text formats are sent with charset=utf-8). */
export const EXPORT_MEDIA_TYPES = {
  geojson: 'application/geo+json',
  gpkg: 'application/geopackage+sqlite3',
  csv: 'text/csv',
  dxf: 'image/vnd.dxf',
} as const satisfies Record<ExportFormat, string>;
/**
 * wgs84: EPSG:4326, what GPS and RFC 7946 use. cgcs2000: China's geodetic datum (EPSG:4490, or
 * its 3-degree Gauss–Krüger zone with projected=true). gcj02: the offset datum of Amap/Tencent
 * maps (no EPSG code; 400–600 m from WGS84 in China).
 */
export const EXPORT_CRSES = ['wgs84', 'cgcs2000', 'gcj02'] as const;
export type ExportCrs = (typeof EXPORT_CRSES)[number];
export const SCOPE_LAYERS = ['estate', 'building', 'pipeline'] as const;
export type ScopeLayer = (typeof SCOPE_LAYERS)[number];

/** A selection is a zone-sized list: the same bound as a zone. */
export const MAX_EXPORT_ESTATES = 500;

const positiveId = (what: string) => idString(what);

export const exportScopeQuery = z
  .object({
    zone: positiveId('zone').optional(),
    project: positiveId('project').optional(),
    estateIds: idListString('estate')
      .refine((ids) => ids.length <= MAX_EXPORT_ESTATES, `at most ${MAX_EXPORT_ESTATES} estates`)
      .optional(),
    format: z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` }).default('geojson'),
    crs: z.enum(EXPORT_CRSES, { message: `must be one of ${EXPORT_CRSES.join(', ')}` }).default('wgs84'),
    projected: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true'),
  })
  .strict()
  .superRefine((q, ctx) => {
    const given = (['zone', 'project', 'estateIds'] as const).filter((k) => q[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: given.length === 0 ? 'give one of zone, project or estateIds' : `give only one of zone, project or estateIds (got ${given.join(', ')})`,
      });
    }
    if (q.format === 'dxf' && !(q.crs === 'cgcs2000' && q.projected)) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'dxf is a CAD drawing in metres: use it with crs=cgcs2000&projected=true (the Gauss–Krüger zone)' });
    }
    if (q.projected && q.crs !== 'cgcs2000') {
      ctx.addIssue({ code: 'custom', path: ['projected'], message: 'projected=true gives a CGCS2000 Gauss–Krüger zone: use it with crs=cgcs2000' });
    }
  });
export type ExportScopeQuery = z.infer<typeof exportScopeQuery>;

/** What a scope file says about itself (GeoJSON `metadata`, the GeoPackage's scope_metadata table). */
export interface ScopeMetadata {
  scope: { kind: 'zone' | 'project' | 'estates'; id: number | null; name: string; estateIds: number[] };
  /** Where the figures come from: the programme documents of the estates, and this app. */
  source: string;
  generatedAt: string;
  crs: { name: ExportCrs; projected: boolean; epsg: number | null; label: string };
  /** True when any geometry in the file is generated rather than surveyed. */
  synthetic: boolean;
  counts: Record<ScopeLayer, number>;
}

// ---- overlap rule, problems and notes ------------------------------------------------------------

/**
 * A red line may not overlap another estate of the same plan (estates.plan_id) by more than this
 * many square metres (the area of the intersection, in the local CGCS2000 Gauss–Krüger zone),
 * unless the request says allowOverlap with a reason. README.md "Overlapping red lines".
 */
export const OVERLAP_THRESHOLD_M2 = 1;
export const MAX_OVERLAP_REASON = 500;

/** One estate a red line overlaps: 422 overlap's details items, and the overlaps a save allowed. */
export interface OverlapItem {
  estateId: number;
  name: string;
  /** Area of the intersection in m² (2 decimals). */
  areaM2: number;
}
/** An overlap with its shape (the intersection, WGS 84), for the map. */
export interface OverlapShape extends OverlapItem {
  geometry: MultiPolygon;
}
/** 422 overlap from the scope import: which feature overlaps which estate. */
export interface ImportOverlapItem extends OverlapItem {
  feature: number;
  /** The estate the feature is for. */
  featureEstateId: number;
}

/**
 * One thing wrong with a geometry: an item of a 422 invalid_geometry (or over_limit) refusal's
 * details. `code` is an ErrorCode (shared/errors/codes.ts) that the client words in the UI's
 * language from `params`; `reason` is the same in English for logs and developers.
 */
export interface GeometryProblem {
  /** The feature's position in the file, from 0 (imports). */
  feature?: number;
  /** 'geometry' (drawing). */
  field?: string;
  code:
    | 'no_geometry' | 'geometry_3d' | 'not_polygon' | 'empty_geometry' | 'ring_empty' | 'bad_position' | 'ring_too_short'
    | 'ring_open' | 'no_area' | 'not_on_earth' | 'feature_too_deep' | 'too_many_vertices';
  params: Record<string, string | number>;
  reason: string;
}

/** What the server did to a geometry to make it a red line (client/src/errors/strings.ts REPAIR_STRINGS). */
export type RepairNote =
  | { code: 'rewound'; params: Record<string, never> }
  /** why: PostGIS's ST_IsValidReason, e.g. "Self-intersection[114.9 25.7]"; kind: its first word(s) as a key. */
  | { code: 'made_valid'; params: { why: string; kind: 'self_intersection' | 'ring_self_intersection' | 'other'; partsIn: number; partsOut: number } };

/** Why a feature is not matched as it stands (client/src/errors/strings.ts MATCH_REASON_STRINGS). */
export type MatchReason =
  | { code: 'not_scope_layer'; params: Record<string, never> }
  | { code: 'no_estate_id'; params: { id: number } }
  | { code: 'id_name_mismatch'; params: { id: number; estateName: string; name: string } }
  | { code: 'no_estate_named'; params: { name: string } }
  | { code: 'several_named'; params: { name: string; count: number } }
  | { code: 'no_keys'; params: Record<string, never> }
  | { code: 'building_number_needed'; params: Record<string, never> }
  | { code: 'new_building'; params: { estateName: string; number: number } }
  | { code: 'claimed_twice'; params: { features: string; target: string } };

// ---- import ------------------------------------------------------------------------------------

export const IMPORT_LAYERS = ['estate', 'building'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

/** Form fields of POST /api/import/scope besides `file`. */
export const importScopeForm = z
  .object({
    /** preview (default) writes nothing; confirm writes, given the token of the preview it confirms. */
    mode: z.enum(['preview', 'confirm'], { message: 'must be preview or confirm' }).default('preview'),
    /** What the features are; default: each feature's `layer` property, else estate red lines. */
    layer: z.enum(IMPORT_LAYERS, { message: 'must be estate or building' }).optional(),
    /** Restrict name matching to one plan (names repeat across years). */
    plan: positiveId('plan').optional(),
    /** The file's CRS when it does not say (a Shapefile without .prj, GeoJSON in another datum). */
    srid: countString('must be an EPSG code').pipe(z.number().int().positive('must be an EPSG code')).optional(),
    /**
     * JSON object: feature index → estate id, to settle ambiguous or unmatched features by hand,
     * e.g. {"3": 17} (also to an estate with no red line yet). With plan=, the estate must be of
     * that plan; one estate for two features, an unknown estate or feature: 422 naming the feature.
     */
    assign: z.string().optional(),
    /** "true" with a reason: write red lines that overlap other estates of their plan (audited). */
    allowOverlap: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false').transform((v) => v === 'true'),
    /** Why the overlaps are right (required with allowOverlap=true; written to the audit trail). */
    reason: z.string().trim().max(MAX_OVERLAP_REASON, `at most ${MAX_OVERLAP_REASON} characters`).optional(),
    /** The preview's token; required with mode=confirm. */
    token: z.string().regex(/^[0-9a-f]{64}$/, 'must be the token a preview returned').optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.mode === 'confirm' && !f.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'confirm needs the token of the preview you checked' });
    if (f.allowOverlap && !f.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'allowOverlap needs a reason (it is written to the audit trail)' });
  });

export type MatchStatus = 'matched' | 'new' | 'unmatched' | 'ambiguous';

export interface ImportFeatureReport {
  /** The feature's position in the file, from 0. */
  index: number;
  layer: ImportLayer;
  status: MatchStatus;
  /** How it was matched: by id, by name (within the plan, if one was given), or assigned. */
  matchedBy: 'id' | 'name' | 'assign' | null;
  estateId: number | null;
  estateName: string | null;
  /** Building layer: the building number matched (or to be created when status is 'new'). */
  buildingNumber: number | null;
  /** Estates a name matches more than once, for the user to pick one with `assign`. */
  candidates: { id: number; name: string; planYear: number; districtName: string }[];
  /** What the import did to the geometry: "made valid (Self-intersection)", "rewound", … */
  repairs: string[];
  reason: string | null;
  areaM2: number | null;
  /** Metres between the new outline's centre and the current one (null when there is none). */
  shiftMeters: number | null;
  /** Hausdorff distance in metres between the new outline and the current one (null when there is none). */
  hausdorffMeters: number | null;
  /** The outline as it would be written (repaired, WGS 84); null when it could not be read. */
  geometry: MultiPolygon | null;
  /** The current red line or footprint it would replace (null: none, or not matched). */
  currentGeometry: MultiPolygon | null;
  /** Estates of the same plan the new red line would overlap by more than OVERLAP_THRESHOLD_M2 (estate layer, matched). */
  overlaps: OverlapItem[];
  /** `reason` as a code and params, for the UI's language. */
  reasonCode: MatchReason | null;
  /** `repairs` as codes and params, for the UI's language. */
  repairCodes: RepairNote[];
}

export interface ImportPreview {
  mode: 'preview' | 'confirm';
  file: string;
  format: 'geojson' | 'shapefile' | 'gpkg';
  /** The source CRS as read (EPSG code or the .prj's name). */
  sourceCrs: string;
  features: ImportFeatureReport[];
  counts: Record<MatchStatus, number>;
  /** Send it back with mode=confirm; it changes when the file, the choices or the matched rows change. */
  token: string;
  /** confirm only: rows written. */
  written?: { estates: number; buildings: number; history: number };
  /** confirm only: overlaps written with allowOverlap (each audited in overlap_overrides). */
  overlapsAllowed?: ImportOverlapItem[];
}

// ---- drawing -----------------------------------------------------------------------------------

const position = z.tuple([z.number().finite(), z.number().finite()], { message: 'positions must be [lon, lat] pairs (2D)' });
const ring = z.array(position).min(4, 'a ring needs at least 4 positions (closed)');
export const redLineGeometry = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, 'needs an outer ring') }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1, 'needs at least one polygon') }),
  ],
  { message: 'must be a GeoJSON Polygon or MultiPolygon' },
);
/** A red line as sent: [lon, lat] pairs (2D). */
export type RedLineGeometry = z.input<typeof redLineGeometry>;
/** allowOverlap: true with a non-empty reason saves an overlap of more than OVERLAP_THRESHOLD_M2; the reason is audited. */
const overlapOverride = {
  allowOverlap: z.boolean({ message: 'must be true or false' }).optional(),
  reason: z.string({ message: 'must be text' }).trim().max(MAX_OVERLAP_REASON, `at most ${MAX_OVERLAP_REASON} characters`).optional(),
};
const needsReason = (b: { allowOverlap?: boolean; reason?: string }, ctx: z.RefinementCtx) => {
  if (b.allowOverlap && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'allowOverlap needs a reason (it is written to the audit trail)' });
};
const estateVersion = z.number({ message: 'must be the version you last read' }).int().positive();

/**
 * The geometry as the handler receives it: any GeoJSON-like object. Its shape is checked by
 * server/scopes/import/geometry-check.ts, which answers 422 invalid_geometry with a code and params
 * per problem (worded in the UI's language: "是线（LineString）…") where zod could only say it in
 * English. OpenAPI documents redLineGeometry (bodyDoc).
 */
const drawnGeometry = z.object({ type: z.string({ message: 'must be a GeoJSON geometry' }), coordinates: z.unknown() }, { message: 'must be a GeoJSON Polygon or MultiPolygon' });

const geometryBody = <G extends z.ZodType>(geometry: G) => z.object({ version: estateVersion, geometry, ...overlapOverride }).strict().superRefine(needsReason);
export const estateGeometryBody = geometryBody(drawnGeometry);
export const estateGeometryBodyDoc = geometryBody(redLineGeometry);

/** POST /api/estates/:id/geometry/check: what saving this red line would do, without saving. */
export const estateGeometryCheckBody = z.object({ geometry: drawnGeometry }).strict();
export const estateGeometryCheckBodyDoc = z.object({ geometry: redLineGeometry }).strict();

/**
 * POST /api/estates/:id/geometry/revert: restore the red line of an earlier version (a history
 * entry of this estate: its id and the version it holds) as a new version.
 */
export const estateGeometryRevertBody = z
  .object({
    historyId: z.number({ message: 'must be a history entry id' }).int().positive(),
    version: z.number({ message: 'must be the version the history entry holds' }).int().positive(),
    /** The estate's version you last read: 409 stale_version when someone saved since (optional). */
    currentVersion: estateVersion.optional(),
    ...overlapOverride,
  })
  .strict()
  .superRefine(needsReason);

export interface EstateGeometryResponse {
  id: number;
  version: number;
  areaM2: number;
  /** Perimeter in metres (outer and inner rings, in the local Gauss–Krüger zone). */
  perimeterM: number;
  repairs: string[];
  repairCodes: RepairNote[];
  geometry: MultiPolygon;
  /** Overlaps over the threshold that were saved because allowOverlap was sent (empty otherwise). */
  overlaps: OverlapItem[];
  /** Revert only: the history entry restored. */
  revertedFrom?: { historyId: number; version: number };
}

/** The answer of the check: the red line as it would be saved and what it would overlap. */
export interface EstateGeometryCheck {
  areaM2: number;
  perimeterM: number;
  repairs: string[];
  repairCodes: RepairNote[];
  /** The repaired red line as it would be saved. */
  geometry: MultiPolygon;
  thresholdM2: number;
  /** Estates of the same plan overlapped by more than thresholdM2, with the intersection's shape. */
  overlaps: OverlapShape[];
}

/** A red line or footprint that a drawing or an import replaced (geometry_history). */
export interface GeometryHistoryEntry {
  id: number;
  layer: 'estate' | 'building';
  buildingId: number | null;
  version: number | null;
  synthetic: boolean;
  replacedAt: string;
  /** 'drawn', 'import: <file>', 'revert: version <n>' */
  replacedBy: string;
  /** The red line (or footprint) of that version, GeoJSON in WGS 84; null: there was none. */
  geometry: MultiPolygon | null;
  /** Its area in m² (null when there was none). */
  areaM2: number | null;
  /** What replaced it: the next entry's geometry, or the current outline for the newest (null: none). */
  replacedWith: MultiPolygon | null;
}


export const scopesContract = defineContract({
  capability: 'scopes',
  description:
    'Design scopes (issue 6): a design scope is the set of estates and works a designer exports — a zone, a project or a list of estates — as GeoJSON, GeoPackage, CSV or DXF in the datum asked for; surveyed red lines and building footprints imported back (preview, then confirm); red lines drawn in the browser, with the history of what they replaced.',
  routes: {
    saveGeometry: {
      method: 'PUT', path: '/api/estates/:id/geometry', roles: EDIT_PLACES, params: idParam, body: estateGeometryBody, bodyDoc: estateGeometryBodyDoc,
      summary: "Save an estate's red line drawn in the browser, at the version read (the import's checks and repair; the old line kept)",
      note: 'planners may correct a red line too',
      response: json<EstateGeometryResponse>('The red line as saved, with its area and the repairs made'),
    },
    checkGeometry: {
      method: 'POST', path: '/api/estates/:id/geometry/check', roles: EDIT_PLACES, params: idParam, body: estateGeometryCheckBody, bodyDoc: estateGeometryCheckBodyDoc,
      summary: "What saving a red line would do, without saving it: its area, perimeter, repairs and the estates of the same plan it overlaps (a read in effect)",
      note: 'the same roles as saving: it is the preview of a save',
      response: json<EstateGeometryCheck>('The red line as it would be saved, with the overlaps over the threshold and their shapes'),
    },
    revertGeometry: {
      method: 'POST', path: '/api/estates/:id/geometry/revert', roles: EDIT_PLACES, params: idParam, body: estateGeometryRevertBody,
      summary: "Restore an estate's earlier red line (a history entry) as a new version, with the same checks as saving",
      note: 'the same roles as saving a red line',
      response: json<EstateGeometryResponse>('The red line as restored, with its new version'),
    },
    geometryHistory: {
      method: 'GET', path: '/api/estates/:id/geometry-history', roles: STAFF, params: idParam,
      summary: "An estate's replaced red lines and footprints, newest first",
      response: json<GeometryHistoryEntry[]>('The replaced outlines'),
    },
    import: {
      method: 'POST', path: '/api/import/scope', roles: DESIGN,
      body: multipart('the red lines or footprints (.geojson, .zip or .gpkg)', importScopeForm),
      summary: 'Surveyed red lines or building footprints: mode=preview reports the matches and writes nothing; mode=confirm with its token writes them in one transaction',
      response: json<ImportPreview>('What matched, what was repaired and how far each outline moves (and, on confirm, what was written)'),
    },
    export: {
      method: 'GET', path: '/api/export/scope', roles: STAFF, query: exportScopeQuery, idQuery: ['zone', 'project', 'estateIds'],
      summary: 'A design scope (a zone, a project or a list of estates) as one file for GIS/CAD tools, in the format and CRS asked for',
      response: file('The scope file (Content-Disposition names it after the scope and the CRS)', Object.values(EXPORT_MEDIA_TYPES)),
    },
  },
});

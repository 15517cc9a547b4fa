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
    /** JSON object: feature index → estate id, to settle ambiguous or unmatched features. */
    assign: z.string().optional(),
    /** The preview's token; required with mode=confirm. */
    token: z.string().regex(/^[0-9a-f]{64}$/, 'must be the token a preview returned').optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.mode === 'confirm' && !f.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'confirm needs the token of the preview you checked' });
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
export const estateGeometryBody = z
  .object({
    version: z.number({ message: 'must be the version you last read' }).int().positive(),
    geometry: redLineGeometry,
  })
  .strict();

export interface EstateGeometryResponse {
  id: number;
  version: number;
  areaM2: number;
  repairs: string[];
  geometry: MultiPolygon;
}

/** A red line or footprint that a drawing or an import replaced (geometry_history). */
export interface GeometryHistoryEntry {
  id: number;
  layer: 'estate' | 'building';
  buildingId: number | null;
  version: number | null;
  synthetic: boolean;
  replacedAt: string;
  replacedBy: string;
  geometry: MultiPolygon | null;
}


export const scopesContract = defineContract({
  capability: 'scopes',
  description:
    'Design scopes (issue 6): a design scope is the set of estates and works a designer exports — a zone, a project or a list of estates — as GeoJSON, GeoPackage, CSV or DXF in the datum asked for; surveyed red lines and building footprints imported back (preview, then confirm); red lines drawn in the browser, with the history of what they replaced.',
  routes: {
    saveGeometry: {
      method: 'PUT', path: '/api/estates/:id/geometry', roles: EDIT_PLACES, params: idParam, body: estateGeometryBody,
      summary: "Save an estate's red line drawn in the browser, at the version read (the import's checks and repair; the old line kept)",
      note: 'planners may correct a red line too',
      response: json<EstateGeometryResponse>('The red line as saved, with its area and the repairs made'),
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

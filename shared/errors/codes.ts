/**
 * Every error code the API answers with, `{ error: { code, message, details } }`, and what it
 * means. The server may only throw these (server/http/errors.ts types HttpError by them); the
 * client words each one in Chinese and English from the details (client/src/errors/strings.ts,
 * checked by tests/unit/error-strings.test.ts); OpenAPI lists them (GET /api/openapi.json).
 */
export const ERROR_CODES = {
  // Requests
  bad_request: 'A parameter, field or form value is missing or malformed; details name each one',
  bad_id: 'An id in the path or query is not canonical decimal digits',
  bad_json: 'The body is not JSON',
  too_deep: 'JSON nests deeper than the limit',
  payload_too_large: 'The upload is larger than the limit (details.limitBytes)',
  over_limit: 'A file holds more rows, features or vertices than the limit',
  too_large_to_read: 'Reading the upload needs more memory than the limit',
  unsupported_media_type: 'The body must be multipart/form-data',
  unsupported_file: 'The file type is not accepted here',
  confirmation_required: 'The request must repeat a confirmation (e.g. the plan slug) to go ahead',
  not_found: 'No such route or record',
  http_error: 'The HTTP layer refused the request',
  internal: 'A fault on the server; nothing was applied',
  // Sessions and permissions
  unauthenticated: 'No session: log in first',
  bad_credentials: 'Wrong username or password',
  too_many_attempts: 'Too many login attempts; details.retryAfterSeconds says when to retry',
  forbidden: 'The role may not do this',
  csrf: 'A write without the session CSRF token',
  cross_site: 'A login from another site',
  outside_region: "A reporter asked about another region's estates",
  // Accounts
  username_taken: 'The username exists already',
  last_admin: 'The last active admin cannot be disabled or demoted',
  own_account: 'An admin cannot disable or demote their own account',
  region_required: 'A reporter account needs a region',
  // Regions and places
  unknown_region: 'No region with that code',
  outside_china: 'A point outside China',
  outside_province: "A point outside the estate's province",
  // Concurrency
  stale_version: 'The record changed since it was read (details.current)',
  write_conflict: 'Someone else wrote the same rows at the same moment; send again',
  conflict: 'The database refused the change as conflicting (e.g. a duplicate)',
  invalid_value: 'The database refused a value',
  preview_stale: 'The file, choices or estates changed since the preview',
  // Plans and their tables
  plan_exists: 'The district already has a plan for that year',
  plan_has_reports: 'The plan has reports; deleting it needs the confirmation',
  invalid_plan_table: 'The plan table was refused; details.problems name rows and columns',
  invalid_milestone_table: 'The milestone table was refused; details.problems name rows and columns',
  invalid_targets_table: 'The targets table was refused; details.problems name rows and columns',
  invalid_targets: 'Targets refused; details name each field',
  unknown_target: 'A target names an estate or project that does not exist',
  unknown_milestone: 'A milestone names an estate or project that does not exist',
  milestones_regress: 'A later quarter plans less than an earlier one',
  not_in_plan: "Milestones must be for the plan's own estates and projects",
  // Reports
  duplicate_report: 'The report repeats the latest revision; nothing was filed',
  future_period: 'The report is for a month that has not begun',
  outside_plan: "The report is for a month before the estate's plan year",
  correction_note_required: 'Progress or investment goes down: a correction note must say why (details.previous)',
  exceeds_plan: 'Completed investment above the plan, without exceedsPlan: true (details.planned, details.level)',
  inconsistent: 'Completed, but progress is not 100 %',
  no_planned_investment: 'Completed investment for an estate with no planned investment',
  // Estates, red lines and placement
  unknown_estates: 'Estate ids that do not exist (details.unknownIds)',
  no_red_line: 'Estates without a red line (details.estateIds)',
  no_red_lines: 'None of the estates has a red line',
  has_red_line: 'The estate has a red line: a provisional point is only for estates without one',
  not_placed: 'The estate has no provisional point to clear',
  invalid_geometry: 'The geometry is not a valid red line; each item of details (a feature of a file, or the drawn geometry) has its own code and params below',
  overlap: 'The red line overlaps other estates of the same plan by more than 1 m² (details: [{ estateId, name, areaM2 }]); send allowOverlap: true with a reason to save it anyway',
  unknown_history: "No red-line history entry with that id for this estate (details.historyId)",
  history_version_mismatch: 'The history entry holds another version than the one sent (details.historyId, details.version, details.entryVersion)',
  empty_history: 'That version had no red line, so there is nothing to restore (details.historyId, details.version)',
  // Geometry problems: the code of each item of an invalid_geometry (or over_limit) refusal, with params
  no_geometry: 'A feature has no geometry (item: feature)',
  geometry_3d: 'A coordinate has a Z value; red lines are 2D (item: feature)',
  not_polygon: 'The geometry is not a Polygon or MultiPolygon (params.type: what it is)',
  empty_geometry: 'The geometry has no coordinates',
  ring_empty: 'A polygon has no rings (params.polygon)',
  bad_position: 'A position is not a pair of numbers (params.polygon, params.ring, params.position)',
  ring_too_short: 'A ring has fewer than 4 positions (params.polygon, params.ring, params.positions)',
  ring_open: 'A ring does not end where it starts (params.polygon, params.ring)',
  no_area: 'Nothing with an area is left once the geometry is made valid',
  not_on_earth: 'The coordinates are not longitude/latitude once read in the stated CRS (params.x, params.y, params.crs)',
  feature_too_deep: 'A feature nests deeper than the JSON depth limit (params.max)',
  too_many_vertices: 'A feature has more vertices than the limit (params.max)',
  // Files a designer imports
  invalid_json_file: 'The GeoJSON file is not valid JSON (details.file)',
  not_feature_collection: 'The GeoJSON file is not a FeatureCollection or Feature (details.file)',
  not_utf8: 'The GeoJSON file is not UTF-8 (details.file)',
  assign_unknown_estate: 'assign names an estate that does not exist (details: [{ feature, estateId }])',
  assign_outside_plan: 'assign names an estate outside the plan of the import (details: [{ feature, estateId, planId }])',
  assign_twice: 'assign gives one estate to several features (details: [{ feature, estateId }] for each)',
  assign_no_feature: 'assign names a feature the file does not have (details: [{ feature, features }])',
  // Zones and projects
  not_contiguous: 'The estates are not contiguous at the gap (details name the break)',
  several_plans: 'The estates belong to several plans',
  project_figures: 'The estates belong to projects with figures of their own',
  project_exists: 'The plan has a project of that name',
  already_project: 'The zone is a project already',
  // Pipelines
  invalid_work: 'A pipeline work is missing a field or names something unknown',
  invalid_works: 'Works in a file name unknown references',
  // Design scopes and their files
  empty_scope: 'The scope holds no estates',
  empty_file: 'The file has no features',
  unreadable_file: 'The file cannot be read (encoding, format or content)',
  unreadable_geometry: 'A feature geometry cannot be read',
  unreadable_crs: 'The coordinates cannot be transformed from the stated system',
  unknown_encoding: 'The .cpg names a code page that is not known',
  gcj02_not_imported: 'GCJ-02 coordinates are offset on purpose and are not imported as surveyed red lines',
  no_crs: 'The Shapefile has no .prj and no srid was sent',
  no_dbf: 'The Shapefile has no .dbf',
  no_shapefile: 'The zip holds no .shp',
  several_shapefiles: 'The zip holds several .shp files',
  several_tables: 'The GeoPackage holds several feature tables',
  several_crs: 'The tables use different coordinate systems',
  nothing_to_write: 'No feature matched an estate',
  // Tiles
  bad_tile: 'No such tile address',
  unknown_layer: 'No such tile layer',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

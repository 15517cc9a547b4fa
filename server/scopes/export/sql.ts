import { estateFeatureSql, estateJoinsSql } from '../../estates/sql.ts';
import { workFeatureSql } from '../../pipelines/sql.ts';
import { outlineSql } from '../../zones/sql.ts';

/**
 * SQL of a scope export. Every query takes $1 int[] estate ids and $2 the target SRID (4326 for
 * WGS84 and GCJ-02, whose offset is applied afterwards in Node; 4490 for CGCS2000; a Gauss–Krüger
 * zone when projected). Exterior rings are counter-clockwise, holes clockwise (RFC 7946's right-hand
 * rule; the transforms are conformal, so the orientation holds in every target). Coordinates leave
 * at 9 decimals and are rounded once, in the writer, after any GCJ-02 offset.
 */

/** The Gauss–Krüger zone of the scope: the one its red lines' centre falls in (migration 0002). */
export const scopeMetricSridSql = `
  SELECT metric_srid(ST_X(ST_Centroid(ST_Collect(geom)))) AS srid FROM estates WHERE id = ANY($1::int[]) AND geom IS NOT NULL`;

const target = (g: string) => `ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(${g}, $2::int)), 9)`;

/** Estates with the properties of GET /api/estates (one definition, estates/sql.ts). */
export const scopeEstatesSql = `
  SELECT ((${estateFeatureSql})->'properties')::text AS props, ${target('e.geom')} AS geometry
  FROM estates e
  ${estateJoinsSql}
  WHERE e.id = ANY($1::int[])
  ORDER BY e.id`;

export const scopeBuildingsSql = `
  SELECT json_build_object(
      'id', b.id, 'estateId', b.estate_id, 'estateName', e.name, 'number', b.number, 'floors', b.floors,
      'households', b.households, 'synthetic', b.synthetic)::text AS props,
    ${target('b.geom')} AS geometry
  FROM buildings b JOIN estates e ON e.id = b.estate_id
  WHERE b.estate_id = ANY($1::int[])
  ORDER BY b.estate_id, b.number`;

/**
 * Pipeline works inside or touching the scope's ground: a saved zone's outline ($4), else the
 * outline of the estates closed over 30 m streets (the zones rule, zones/sql.ts), so the works in
 * the streets between and around the red lines come along; plus works linked to one of the
 * estates or to the project ($3) wherever they run.
 */
export const scopePipelinesSql = `
  WITH s AS (
    SELECT geom FROM estates WHERE id = ANY($1::int[]) AND geom IS NOT NULL
  ),
  m AS (SELECT metric_srid(ST_X(ST_Centroid(ST_Collect(geom)))) AS srid FROM s),
  area AS (
    SELECT COALESCE(
      (SELECT z.geom FROM zones z WHERE z.id = $4::int),
      (SELECT ${outlineSql('g.gs', '30')} FROM (SELECT ST_Collect(ST_Transform(ST_MakeValid(s.geom), m.srid)) AS gs FROM s, m) g)
    ) AS geom
  ),
  picked AS (
    SELECT w.id FROM pipeline_works w, area WHERE w.geom && area.geom AND ST_Intersects(w.geom, area.geom)
    UNION SELECT id FROM pipeline_works WHERE estate_id = ANY($1::int[])
    UNION SELECT id FROM pipeline_works WHERE project_id = $3::int
  )
  SELECT ((${workFeatureSql})->'properties')::text AS props, ${target('w.geom')} AS geometry
  FROM pipeline_works w JOIN picked USING (id)
  ORDER BY w.id`;

/** The documents behind the estates, for the file's metadata. */
export const scopeSourcesSql = `
  SELECT DISTINCT pl.title, pl.document FROM estates e JOIN plans pl ON pl.id = e.plan_id
  WHERE e.id = ANY($1::int[]) ORDER BY pl.title`;

/** The target CRS's definition (OGC WKT) for the GeoPackage's gpkg_spatial_ref_sys. */
export const srsDefinitionSql = `SELECT srtext, split_part(srtext, '"', 2) AS name FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = $1::int`;

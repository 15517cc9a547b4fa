-- The data model. Geometry is stored in EPSG:4326 (WGS84); metric work transforms to a projected
-- CRS in the query. Every figure is kept at the level where the source reported it (estate,
-- project, plan), so that rates are derived from there and no per-estate split is invented.

-- Administrative divisions: province > city > district/county > street > community.
CREATE TABLE regions (
  code text PRIMARY KEY CHECK (code ~ '^\d{2,12}$'),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'city', 'district', 'street', 'community')),
  parent_code text REFERENCES regions (code),
  -- nbs2023: from the National Bureau of Statistics list; generated: made up here (e.g. 南水街道,
  -- named in the 2024 Nankang plan but absent from the 2023 list).
  code_source text NOT NULL CHECK (code_source IN ('nbs2023', 'generated')),
  centre geometry(Point, 4326),
  geom geometry(MultiPolygon, 4326),
  -- true when the outline is generated rather than surveyed (all but provinces).
  synthetic boolean NOT NULL DEFAULT true,
  UNIQUE (parent_code, name)
);
CREATE INDEX regions_geom_gix ON regions USING gist (geom);
CREATE INDEX regions_centre_gix ON regions USING gist (centre);
CREATE INDEX regions_parent_idx ON regions (parent_code);

-- An annual renovation plan (年度计划) of a region: the batch an estate belongs to.
CREATE TABLE plans (
  id serial PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES regions (code),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title text NOT NULL,
  title_en text,
  document text,            -- 文号, e.g. 乌建局政字〔2021〕56号
  issued_on date,
  as_of date,               -- 填报日期: the date the source's progress figures describe
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, year)
);

-- Who answers for a region within a plan (Wuhai: 负责人 and 责任领导 per street).
CREATE TABLE responsibilities (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  region_code text NOT NULL REFERENCES regions (code),
  person_in_charge text,
  leader text,
  unit text,
  source text NOT NULL,
  UNIQUE (plan_id, region_code)
);

-- A project (改造工程/项目) groups estates, or stands alone (resettlement housing, 套).
CREATE TABLE projects (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  seq integer,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'renovation'
    CHECK (kind IN ('renovation', 'micro_renovation', 'resettlement_start', 'resettlement_built', 'urban_village')),
  district_code text REFERENCES regions (code),
  builder text,              -- 建设单位
  responsible_unit text,     -- 责任单位
  units integer CHECK (units >= 0),                 -- 套 (resettlement housing)
  households integer CHECK (households >= 0),       -- only when reported for the project as a whole
  building_count integer CHECK (building_count >= 0),
  floor_area_m2 numeric(14, 2) CHECK (floor_area_m2 >= 0),
  planned_investment_wan numeric(16, 4) CHECK (planned_investment_wan >= 0),
  completed_investment_wan numeric(16, 4) CHECK (completed_investment_wan >= 0),
  -- rates as printed in the source, in percent; the app derives its own and can compare.
  reported_completion_rate_pct numeric(7, 2),
  reported_investment_rate_pct numeric(7, 2),
  due_on date,
  content_items text[] NOT NULL DEFAULT '{}',
  source text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (plan_id, name)
);

-- An estate (小区) with its red line (红线).
CREATE TABLE estates (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  project_id integer REFERENCES projects (id) ON DELETE SET NULL,
  seq integer,
  name text NOT NULL,
  district_code text NOT NULL REFERENCES regions (code),
  street_code text NOT NULL REFERENCES regions (code),
  community_code text REFERENCES regions (code),
  households integer CHECK (households >= 0),
  building_count integer CHECK (building_count >= 0),
  floor_area_m2 numeric(14, 2) CHECK (floor_area_m2 >= 0),
  planned_investment_wan numeric(16, 4) CHECK (planned_investment_wan >= 0),
  completed_investment_wan numeric(16, 4) CHECK (completed_investment_wan >= 0),
  content_items text[] NOT NULL DEFAULT '{}',
  category text,
  note text,
  source text NOT NULL,
  geom geometry(MultiPolygon, 4326),
  geom_synthetic boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, name)
);
CREATE INDEX estates_geom_gix ON estates USING gist (geom);
CREATE INDEX estates_district_idx ON estates (district_code);
CREATE INDEX estates_street_idx ON estates (street_code);
CREATE INDEX estates_project_idx ON estates (project_id);

CREATE TABLE buildings (
  id serial PRIMARY KEY,
  estate_id integer NOT NULL REFERENCES estates (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number > 0),
  floors integer CHECK (floors > 0),
  households integer CHECK (households >= 0),
  geom geometry(MultiPolygon, 4326) NOT NULL,
  synthetic boolean NOT NULL DEFAULT true,
  UNIQUE (estate_id, number)
);
CREATE INDEX buildings_geom_gix ON buildings USING gist (geom);
CREATE INDEX buildings_estate_idx ON buildings (estate_id);

-- Monthly progress reports (月度报表): append-only. A correction is a new revision.
CREATE TABLE progress_reports (
  id serial PRIMARY KEY,
  estate_id integer NOT NULL REFERENCES estates (id) ON DELETE CASCADE,
  period text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  phase text CHECK (phase IN ('survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance')),
  progress_pct numeric(5, 2) CHECK (progress_pct BETWEEN 0 AND 100),
  completed_investment_wan numeric(16, 4) CHECK (completed_investment_wan >= 0),
  completed boolean,
  note text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  submitted_by text,
  source text NOT NULL,
  synthetic boolean NOT NULL DEFAULT false,
  UNIQUE (estate_id, period, revision)
);
CREATE INDEX progress_reports_estate_period_idx ON progress_reports (estate_id, period DESC, revision DESC);

CREATE FUNCTION progress_reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'progress reports are append-only: submit a new revision instead';
END;
$$;
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports
  FOR EACH ROW EXECUTE FUNCTION progress_reports_append_only();

-- Quarterly milestones (形象进度): planned state at the end of a quarter, for a plan, a project
-- or an estate.
CREATE TABLE milestones (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  project_id integer REFERENCES projects (id) ON DELETE CASCADE,
  estate_id integer REFERENCES estates (id) ON DELETE CASCADE,
  year integer NOT NULL,
  quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  planned_phase text CHECK (planned_phase IN ('survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance')),
  planned_progress_pct numeric(5, 2) CHECK (planned_progress_pct BETWEEN 0 AND 100),
  description text,
  source text NOT NULL
);
CREATE INDEX milestones_plan_idx ON milestones (plan_id, year, quarter);

-- Targets handed down (目标任务): per region, year and metric, with the responsible unit.
CREATE TABLE targets (
  id serial PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  year integer NOT NULL,
  metric text NOT NULL,
  value numeric(16, 4) NOT NULL,
  unit text NOT NULL,
  responsible_unit text,
  due_on date,
  source text NOT NULL,
  UNIQUE (region_code, year, metric)
);

-- Figures a source states for a whole plan or region (totals, counts), kept as stated so that
-- the app can reconcile them with what it derives.
CREATE TABLE reported_figures (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  region_code text NOT NULL REFERENCES regions (code),
  metric text NOT NULL,
  value numeric(16, 4) NOT NULL,
  unit text NOT NULL,
  as_of date,
  source text NOT NULL,
  UNIQUE (plan_id, region_code, metric)
);

CREATE TABLE roads (
  id serial PRIMARY KEY,
  name text NOT NULL,
  district_code text REFERENCES regions (code),
  kind text NOT NULL CHECK (kind IN ('arterial', 'secondary', 'branch')),
  last_paved_on date,
  paving_kind text CHECK (paving_kind IN ('new', 'rebuilt', 'major_repair')),
  geom geometry(LineString, 4326) NOT NULL,
  synthetic boolean NOT NULL DEFAULT true
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);
CREATE INDEX roads_district_idx ON roads (district_code);

CREATE TABLE pipeline_works (
  id serial PRIMARY KEY,
  utility text NOT NULL CHECK (utility IN ('water', 'drainage', 'power', 'telecom', 'cable_tv', 'gas', 'heating')),
  owner text NOT NULL,
  district_code text REFERENCES regions (code),
  estate_id integer REFERENCES estates (id) ON DELETE SET NULL,
  project_id integer REFERENCES projects (id) ON DELETE SET NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled')),
  geom geometry(LineString, 4326) NOT NULL,
  synthetic boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  CHECK (end_date >= start_date)
);
CREATE INDEX pipeline_works_geom_gix ON pipeline_works USING gist (geom);
CREATE INDEX pipeline_works_district_idx ON pipeline_works (district_code);

-- Demonstration zones (示范片区): contiguous estates picked by a planner.
CREATE TABLE zones (
  id serial PRIMARY KEY,
  name text NOT NULL,
  district_code text REFERENCES regions (code),
  gap_meters numeric(8, 2) NOT NULL DEFAULT 30,
  project_id integer REFERENCES projects (id) ON DELETE SET NULL,
  geom geometry(MultiPolygon, 4326),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zones_geom_gix ON zones USING gist (geom);

CREATE TABLE zone_estates (
  zone_id integer NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  estate_id integer NOT NULL REFERENCES estates (id) ON DELETE CASCADE,
  PRIMARY KEY (zone_id, estate_id)
);

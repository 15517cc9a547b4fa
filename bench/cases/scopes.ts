import type { FeatureCollection, MultiPolygon } from 'geojson';
import { loadSyntheticSet } from '../../geodata/load/load-synthetic.ts';
import { exportScope } from '../../server/scopes/export/service.ts';
import { scopeBuildingsSql, scopeEstatesSql, scopeMetricSridSql, scopePipelinesSql } from '../../server/scopes/export/sql.ts';
import { confirmImport, previewImport } from '../../server/scopes/import/service.ts';
import { exportScopeQuery, MAX_EXPORT_ESTATES } from '../../shared/scopes/contract.ts';
import { timeMedian, type BenchCase, type BenchRow } from '../types.ts';

const ESTATES = 5_000;
const RUNS = 3;
/** Our own aim (the issue sets none): a writer costs at most as much again as the SQL that feeds it. */
const AIM = 2;

/**
 * Export and import of the largest scope a selection may hold (500 estates with their buildings
 * and the works around them). Each export is measured against the three layer queries alone in
 * the same CRS, so the ratio is what the writer (GeoJSON, GeoPackage by sql.js, CSV, DXF) adds.
 */
export const scopesCase: BenchCase = {
  name: 'scopes',
  title: 'Design scopes: export and import of a 500-estate selection (issue 6)',
  async run({ db, url, log }) {
    const loaded = await loadSyntheticSet(url, { estates: ESTATES, province: '36', estatesPerDistrict: ESTATES, log });
    log(`loaded in ${loaded.seconds.toFixed(0)} s: ${JSON.stringify(loaded.counts)}`);
    // Neighbours, as a planner's selection would be: the 500 estates nearest the district's first one.
    const ids = (
      await db.query<{ id: number }>(
        `SELECT e.id FROM estates e, (SELECT geom FROM estates ORDER BY id LIMIT 1) f ORDER BY e.geom <-> f.geom LIMIT ${MAX_EXPORT_ESTATES}`,
      )
    ).map((r) => r.id);
    const [{ srid } = { srid: 0 }] = await db.query<{ srid: number }>(scopeMetricSridSql, [ids]);
    const sqlAlone = (target: number) => async () => {
      const e = await db.query(scopeEstatesSql, [ids, target]);
      const b = await db.query(scopeBuildingsSql, [ids, target]);
      const p = await db.query(scopePipelinesSql, [ids, target, null, null]);
      return e.length + b.length + p.length;
    };
    const features = await sqlAlone(4326)();
    const reference = { 4326: await timeMedian(RUNS, sqlAlone(4326)), gk: await timeMedian(RUNS, sqlAlone(srid)) };
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const rows: BenchRow[] = [];
    let geojson = '';
    for (const [format, crs, projected] of [
      ['geojson', 'wgs84', false],
      ['gpkg', 'wgs84', false],
      ['csv', 'wgs84', false],
      ['dxf', 'cgcs2000', true],
    ] as const) {
      const q = exportScopeQuery.parse({ estateIds: ids.join(','), format, crs, projected: String(projected) });
      let bytes = 0;
      const t = await timeMedian(RUNS, async () => {
        const file = await exportScope(db, q);
        bytes = typeof file.body === 'string' ? Buffer.byteLength(file.body) : file.body.byteLength;
        if (format === 'geojson') geojson = file.body as string;
      });
      const ref = projected ? reference.gk : reference[4326];
      rows.push({
        metric: `export as ${format}${projected ? ' (Gauss–Krüger metres)' : ''}: ${features.toLocaleString('en')} features, ${(bytes / 2 ** 20).toFixed(1)} MiB`,
        value: s(t),
        limit: `the three layer queries alone: ${s(ref)}`,
        ratio: t / ref,
        aim: `≤ ${AIM}× the queries (ours; the issue sets none)`,
        met: t / ref <= AIM,
      });
    }

    // Import: the 500 red lines back, each 1e-5° (about 1 m) east, matched by id.
    const fc = JSON.parse(geojson) as FeatureCollection;
    const moved = {
      type: 'FeatureCollection',
      features: fc.features
        .filter((f) => f.properties!.layer === 'estate')
        .map((f) => ({
          type: 'Feature',
          properties: { id: f.properties!.id, name: f.properties!.name },
          geometry: { type: 'MultiPolygon', coordinates: (f.geometry as MultiPolygon).coordinates.map((p) => p.map((r) => r.map(([x, y]) => [x! + 1e-5, y!]))) },
        })),
    };
    const req = { fileName: 'survey.geojson', bytes: new TextEncoder().encode(JSON.stringify(moved)), mode: 'preview' as const };
    let token = '';
    const preview = await timeMedian(RUNS, async () => {
      const p = await previewImport(db, req);
      if (p.counts.matched !== moved.features.length) throw new Error(`preview matched ${p.counts.matched} of ${moved.features.length}`);
      token = p.token;
    });
    const t0 = performance.now();
    const done = await confirmImport(db, { ...req, mode: 'confirm', token });
    const confirm = performance.now() - t0;
    if (done.written?.estates !== moved.features.length) throw new Error(`confirm wrote ${done.written?.estates} of ${moved.features.length}`);
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM geometry_history WHERE estate_id = ANY($1::int[])`, [ids]);
    if (n !== moved.features.length) throw new Error(`history holds ${n} rows for ${moved.features.length} replaced red lines`);
    rows.push(
      {
        metric: `import preview: ${moved.features.length} surveyed red lines (GeoJSON), checked, repaired, matched by id, shift measured`,
        value: s(preview),
        limit: `export of the same scope's three layer queries: ${s(reference[4326])}`,
        ratio: preview / reference[4326],
        aim: 'reported (the issue sets no aim)',
        met: null,
      },
      {
        metric: `import confirm: the same file written in one transaction, ${n} replaced red lines kept in history`,
        value: s(confirm),
        limit: `import preview: ${s(preview)}`,
        ratio: confirm / preview,
        aim: 'reported (the issue sets no aim)',
        met: null,
      },
    );
    return {
      rows,
      notes: [
        `Data: generated district of ${ESTATES.toLocaleString('en')} estates (${loaded.counts.buildings.toLocaleString('en')} buildings, ${loaded.counts.pipelines.toLocaleString('en')} pipeline works), loaded by COPY in ${loaded.seconds.toFixed(0)} s; the selection is the ${ids.length} estates nearest one corner. Median of ${RUNS} runs, except confirm (once: it changes the data).`,
        'Correctness in the same run: the preview matched every red line, the confirmation wrote every one and the history holds one row for each.',
      ],
    };
  },
};

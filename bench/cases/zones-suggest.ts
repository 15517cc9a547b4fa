import { loadSyntheticSet } from '../../geodata/load/load-synthetic.ts';
import { components } from '../../server/zones/components.ts';
import { rawJson } from '../../server/http/register.ts';
import { SuggestCache } from '../../server/zones/suggest-cache.ts';
import { suggestSql, TOLERANCE } from '../../server/zones/sql.ts';
import { timeMedian, type BenchCase } from '../types.ts';

/** One generated district of 50,000 estates: far more than any real district, as the issue asks. */
const ESTATES = 50_000;
const GAP = 30;
const RUNS = 3;
/** Cached answers are cheap: more runs for a stable median. */
const CACHED_RUNS = 20;

/**
 * The reference: a plain ST_DWithin self-join counting the adjacent pairs of the same estates in
 * the same metric CRS, with the GiST index on the stored red lines as its only help. It finds the
 * graph whose connected components `suggest` returns, and nothing else (no figures, no outlines).
 * Same 1 mm tolerance as the zones SQL, so that pairs exactly at the gap count on both sides.
 */
const pairsSql = `
  WITH srid AS (SELECT metric_srid(ST_X(ST_Centroid(ST_Extent(geom)::geometry))) AS srid FROM estates WHERE district_code = $1)
  SELECT a.id AS a, b.id AS b
  FROM estates a, srid
  JOIN estates b ON true
  WHERE a.district_code = $1 AND b.district_code = $1 AND a.id < b.id
    AND a.geom && expand_meters(b.geom, $2::float8)
    AND ST_DWithin(ST_Transform(a.geom, srid.srid), ST_Transform(b.geom, srid.srid), $2::float8 + ${TOLERANCE})`;

export const zonesSuggestCase: BenchCase = {
  name: 'zones-suggest',
  title: 'Demonstration zones: suggest over a 50,000-estate district',
  async run({ db, url, log }) {
    const loaded = await loadSyntheticSet(url, { estates: ESTATES, province: '36', estatesPerDistrict: ESTATES, log });
    log(`loaded in ${loaded.seconds.toFixed(0)} s: ${JSON.stringify(loaded.counts)}`);
    const [{ code } = { code: '' }] = await db.query<{ code: string }>(
      `SELECT district_code AS code FROM estates GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );

    let pairs: { a: number; b: number }[] = [];
    const reference = await timeMedian(RUNS, async () => {
      pairs = await db.query<{ a: number; b: number }>(pairsSql, [code, GAP]);
    });
    let groups = 0;
    let estatesInGroups = 0;
    let coldText = '';
    type Params = { district: string; gapMeters: number; minEstates: number; minHouseholds: number; outlines: 'all' | 'none'; rank?: number };
    const list: Params = { district: code!, gapMeters: GAP, minEstates: 1, minHouseholds: 0, outlines: 'none' };
    const full: Params = { ...list, outlines: 'all' };
    const first: Params = { ...full, rank: 1 };
    // Cold: a fresh cache each run (as after a write), so the query runs and its JSON is built,
    // exactly what the API does on a miss.
    const cold = async (q: Params) => {
      const fresh = new SuggestCache(db);
      await fresh.ready;
      const { text, hit } = await fresh.suggest(db, q);
      await fresh.close();
      if (hit) throw new Error('zones-suggest bench: a fresh cache answered from memory');
      return text;
    };
    // What the map asks (client/src/zones/api.ts): the groups and figures without outlines...
    const suggest = await timeMedian(RUNS, async () => {
      coldText = await cold(list);
      const fc = JSON.parse(coldText) as { features: { properties: { estateCount: number } }[] };
      groups = fc.features.length;
      estatesInGroups = fc.features.reduce((n, f) => n + f.properties.estateCount, 0);
    });
    // ...then the outline of the group in focus, by rank (the largest: the most work).
    let firstText = '';
    const oneOutline = await timeMedian(RUNS, async () => {
      firstText = await cold(first);
    });
    // Every outline at once (no parameter: the answer before outlines=none, still served for links).
    let fullText = '';
    const everything = await timeMedian(RUNS, async () => {
      fullText = await cold(full);
    });
    const fullFc = JSON.parse(fullText) as { features: { geometry: unknown; properties: unknown }[] };
    const listFc = JSON.parse(coldText) as { features: { geometry: unknown; properties: unknown }[] };
    if (JSON.stringify(JSON.parse(firstText).features) !== JSON.stringify([fullFc.features[0]])) {
      throw new Error('zones-suggest bench: the group asked by rank differs from the full answer');
    }
    if (JSON.stringify(listFc.features.map((f) => f.properties)) !== JSON.stringify(fullFc.features.map((f) => f.properties))) {
      throw new Error('zones-suggest bench: the list without outlines differs from the full answer');
    }
    // Cached: the same request again on one cache; the answer must be the cold one, byte for byte.
    const cache = new SuggestCache(db);
    await cache.ready;
    await cache.suggest(db, list);
    const cached = await timeMedian(CACHED_RUNS, async () => {
      const { text, hit } = await cache.suggest(db, list);
      if (!hit || text !== coldText) throw new Error('zones-suggest bench: the cached answer differs from the cold one');
      // and the bytes the route sends (UTF-8 of the text, as rawJson's Response encodes it).
      await rawJson(text).arrayBuffer();
    });
    await cache.close();
    // The two must describe the same graph: its components are the suggested zones.
    const ids = (await db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = $1`, [code])).map((r) => r.id);
    const expected = components(ids, pairs).length;
    log(`district ${code}: ${ids.length} estates, ${pairs.length} pairs, ${expected} components, ${groups} suggested groups`);
    if (groups !== expected || estatesInGroups !== ids.length) {
      throw new Error(`suggest gave ${groups} groups over ${estatesInGroups} estates; the join's graph has ${expected} components over ${ids.length}`);
    }

    const s = (t: number) => `${(t / 1000).toFixed(2)} s`;
    const ratio = suggest / reference;
    return {
      rows: [
        {
          metric: `suggest cold as the map asks it (gap ${GAP} m, minEstates 1, outlines=none: groups and figures; query and JSON text), ${ids.length.toLocaleString('en')} estates → ${groups.toLocaleString('en')} zones`,
          value: s(suggest),
          limit: `ST_DWithin self-join, ${pairs.length.toLocaleString('en')} pairs: ${s(reference)}`,
          ratio,
          aim: '≤ 1.5× the join, < 5 s',
          met: ratio <= 1.5 && suggest < 5000,
        },
        {
          metric: `the outline of the group in focus, cold (rank=1, the largest group: ${JSON.parse(firstText).features[0].properties.estateCount} estates)`,
          value: s(oneOutline),
          limit: `ST_DWithin self-join: ${s(reference)}`,
          ratio: oneOutline / reference,
          aim: '≤ 1.5× the join',
          met: oneOutline / reference <= 1.5,
        },
        {
          metric: `the same list again, served from the suggestions cache and encoded for sending (${(coldText.length / 2 ** 20).toFixed(1)} MiB of JSON, identical to the cold answer), median of ${CACHED_RUNS}`,
          value: `${cached.toFixed(2)} ms`,
          limit: '0.1 s',
          ratio: cached / 100,
          aim: '≤ 0.1 s',
          met: cached <= 100,
        },
        {
          metric: `every group with its outline (outlines=all, the default: ${(fullText.length / 2 ** 20).toFixed(1)} MiB), cold`,
          value: s(everything),
          limit: `ST_DWithin self-join: ${s(reference)}`,
          ratio: everything / reference,
          aim: 'reported: what the map no longer asks',
          met: null,
        },
      ],
      notes: [
        `Data: one generated district of ${ids.length.toLocaleString('en')} estates (${loaded.counts.buildings.toLocaleString('en')} buildings in the set), loaded by COPY in ${loaded.seconds.toFixed(0)} s. Median of ${RUNS} runs each.`,
        'Correctness checks in the same run: the connected components of the join\'s pairs are exactly the suggested zones (count and estates); the list without outlines has the full answer\'s groups and figures; the group asked by rank is the full answer\'s feature, outline included, byte for byte.',
        `Cached (row 3): suggestions are kept per district and parameters in each API process as the JSON text answered (server/zones/suggest-cache.ts over server/cache/changes.ts, the LISTEN data_changed mechanism the tile cache uses), dropped by any write to estates, plans or projects (README, "Demonstration zones: the rule"). A repeated request costs the lookup and the UTF-8 encoding of the answer; tests/api/zones-suggest-cache.test.ts checks on both engines that it is served from memory, byte for byte the same, and that each kind of write changes the next answer.`,
        'Outlines (rows 2 and 4): about three quarters of the full answer is the outlines, a closing (two mitred buffers) and a union with the red lines for every multi-estate group, geometry work the join does not do, and their GeoJSON text. The map draws one outline at a time (the suggestion in focus), so it now asks for the list with outlines=none and for the outline of the group in focus by rank (a second request of the same parameters): the grouping runs again, the outline of one group only. The full answer (row 4, the default, kept for links and scripts) still misses 1.5× for the same reason as before; it is cached after its first request.',
        'Since 2026-12-07 every outline is computed on a 1 mm grid (snap-rounding: the red lines\' union, the outward buffer and the final union; README "Demonstration zones"). On the embedded engine about one group in five of neighbours whose shared edges match only to a few decimals lost its outline without an error. The grid costs time on the full answer only: row 4 measured 5.17 s (2.98× the join) on the morning of that day before the change, and 9.31 s (8.84×) after it on a quieter machine. Rows 1 and 2, what the map asks, did not move beyond noise.',
      ],
    };
  },
};

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

/** The same query without the outlines: what the grouping and the figures cost on their own. */
const withoutOutlines = suggestSql.replace(/ST_AsGeoJSON\([\s\S]*\) AS geometry/, 'NULL AS geometry');
if (withoutOutlines === suggestSql) throw new Error('zones-suggest bench: the outline column moved; update the pattern');

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
    const q = { district: code!, gapMeters: GAP, minEstates: 1, minHouseholds: 0 };
    // Cold: a fresh cache each run (as after a write), so the query runs and its JSON is built,
    // exactly what the API does on a miss.
    const suggest = await timeMedian(RUNS, async () => {
      const fresh = new SuggestCache(db);
      await fresh.ready;
      const { text, hit } = await fresh.suggest(db, q);
      await fresh.close();
      if (hit) throw new Error('zones-suggest bench: a fresh cache answered from memory');
      coldText = text;
      const fc = JSON.parse(text) as { features: { properties: { estateCount: number } }[] };
      groups = fc.features.length;
      estatesInGroups = fc.features.reduce((n, f) => n + f.properties.estateCount, 0);
    });
    // Cached: the same request again on one cache; the answer must be the cold one, byte for byte.
    const cache = new SuggestCache(db);
    await cache.ready;
    await cache.suggest(db, q);
    const cached = await timeMedian(CACHED_RUNS, async () => {
      const { text, hit } = await cache.suggest(db, q);
      if (!hit || text !== coldText) throw new Error('zones-suggest bench: the cached answer differs from the cold one');
      // and the bytes the route sends (UTF-8 of the text, as rawJson's Response encodes it).
      await rawJson(text).arrayBuffer();
    });
    await cache.close();
    const grouping = await timeMedian(RUNS, () => db.query(withoutOutlines, [code, null, GAP, 1, 0]));
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
          metric: `suggest cold (gap ${GAP} m, minEstates 1; query and JSON text), ${ids.length.toLocaleString('en')} estates → ${groups.toLocaleString('en')} zones with figures and outlines`,
          value: s(suggest),
          limit: `ST_DWithin self-join, ${pairs.length.toLocaleString('en')} pairs: ${s(reference)}`,
          ratio,
          aim: '≤ 1.5× the join, < 5 s',
          met: ratio <= 1.5 && suggest < 5000,
        },
        {
          metric: `the same request again, served from the suggestions cache and encoded for sending (${(coldText.length / 2 ** 20).toFixed(1)} MiB of JSON, identical to the cold answer), median of ${CACHED_RUNS}`,
          value: `${cached.toFixed(2)} ms`,
          limit: '0.1 s',
          ratio: cached / 100,
          aim: '≤ 0.1 s',
          met: cached <= 100,
        },
        {
          metric: 'the same query without outlines (components and figures only)',
          value: s(grouping),
          limit: `ST_DWithin self-join: ${s(reference)}`,
          ratio: grouping / reference,
          aim: 'reported, to show where the time goes',
          met: null,
        },
      ],
      notes: [
        `Data: one generated district of ${ids.length.toLocaleString('en')} estates (${loaded.counts.buildings.toLocaleString('en')} buildings in the set), loaded by COPY in ${loaded.seconds.toFixed(0)} s. Median of ${RUNS} runs each.`,
        'Correctness check in the same run: the connected components of the join\'s pairs are exactly the suggested zones (count and estates).',
        `Cached (row 2): suggestions are kept per district and parameters in each API process as the JSON text answered (server/zones/suggest-cache.ts over server/cache/changes.ts, the LISTEN data_changed mechanism the tile cache uses), dropped by any write to estates, plans or projects (README, "Demonstration zones: the rule"). A repeated request costs the lookup and the UTF-8 encoding of the 14 MiB answer; tests/api/zones-suggest-cache.test.ts checks on both engines that it is served from memory, byte for byte the same, and that each kind of write changes the next answer.`,
        `Why cold suggest still misses 1.5× (row 1, a fresh cache as after a write): the components and figures alone cost less than the join (row 3); the rest, about 3 s of the 3.8 s, is the outlines the API promises, a closing (two mitred buffers) and a union with the red lines for every multi-estate group, geometry work the join does not do (single-estate groups already skip it), plus building the JSON text. The cache makes this a cost paid once per write, not per request. What would fix the cold path: outlines only for the groups on screen (a second request, an API change for the client), or computing the outlines of the groups on both cores (two connections, half the groups each), which would bring it to roughly 2× by this run's split, still above 1.5×.`,
      ],
    };
  },
};

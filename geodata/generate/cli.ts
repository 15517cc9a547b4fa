/**
 * Benchmark data set on disk:
 *   npx tsx geodata/generate/cli.ts --estates 50000 --seed 1 --out /tmp/gen [--until 2025-12]
 * Builds a synthetic national input, generates district by district and streams NDJSON (one GeoJSON
 * Feature or JSON object per line), so memory stays flat whatever the size.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateByDistrict } from './index.ts';
import { syntheticInput } from './synthetic.ts';
import type { GenEstate, GenRegion } from './types.ts';

const { values } = parseArgs({
  options: {
    estates: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'geodata/out' },
    until: { type: 'string', default: '2025-12' },
  },
});
const estatesWanted = Number(values.estates);
const seed = Number(values.seed);
if (!Number.isInteger(estatesWanted) || estatesWanted < 1) fail('--estates must be a positive integer');
if (!Number.isInteger(seed)) fail('--seed must be an integer');
if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(values.until)) fail('--until must be YYYY-MM');

const started = performance.now();
const input = syntheticInput({ estates: estatesWanted, seed, reportUntil: values.until });
mkdirSync(values.out, { recursive: true });
const files = ['regions', 'estates', 'buildings', 'roads', 'pipelines', 'reports'] as const;
const fds = Object.fromEntries(files.map((f) => [f, openSync(join(values.out, `${f}.ndjson`), 'w')])) as Record<
  (typeof files)[number],
  number
>;
const counts = Object.fromEntries(files.map((f) => [f, 0])) as Record<(typeof files)[number], number>;
const write = (file: (typeof files)[number], rows: unknown[]) => {
  if (rows.length === 0) return;
  writeSync(fds[file], rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  counts[file] += rows.length;
};
const feature = (properties: object, geometry: unknown) => ({ type: 'Feature', properties, geometry });

const regions = new Map<string, GenRegion>(input.regions.map((r) => [r.code, r]));
const estates = new Map<number, GenEstate>(input.estates.map((e) => [e.id, e]));
// Provinces are real outlines loaded elsewhere; cities get none here. Both are listed for the codes.
write(
  'regions',
  input.regions
    .filter((r) => r.level === 'province' || r.level === 'city')
    .map((r) => feature({ ...r, synthetic: r.level !== 'province' }, null)),
);

for (const chunk of generateByDistrict(input)) {
  write('regions', chunk.outlines.map((o) => feature({ ...regions.get(o.code), synthetic: true }, o.geometry)));
  write('estates', chunk.estates.map((e) => feature({ ...estates.get(e.estateId), synthetic: true }, e.geometry)));
  write('buildings', chunk.buildings.map(({ geometry, ...p }) => feature({ ...p, synthetic: true }, geometry)));
  write('roads', chunk.roads.map(({ geometry, ...p }) => feature({ ...p, synthetic: true }, geometry)));
  write('pipelines', chunk.pipelines.map(({ geometry, ...p }) => feature({ ...p, synthetic: true }, geometry)));
  write('reports', chunk.reports.map((r) => ({ ...r, synthetic: true })));
}
for (const fd of Object.values(fds)) closeSync(fd);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const mem = Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(`${estatesWanted} estates, seed ${seed} → ${values.out} in ${seconds} s (rss ${mem} MiB)`);
for (const f of files) console.log(`  ${f}.ndjson: ${counts[f]} rows`);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

import type { Database, Queryable } from '../db/engine.ts';
import { importPlanInto } from '../plans/import/service.ts';
import { DEMO_PLANS, readSeedGrid } from './seed-plans.ts';
import { loadRegions } from './regions.ts';
import { loadDocumentFacts } from './document-facts.ts';
import { loadSyntheticGeometry } from './synthetic.ts';

/**
 * On first start: the demo's places, the seed plans, document facts, then generated geometry. All
 * or nothing. "Empty" means no plan: regions are never empty after migration (0013 loads China's).
 */
export async function loadDemoIfEmpty(db: Database): Promise<string | null> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plans');
  if (row!.n > 0) return null;
  const started = Date.now();
  const summary = await db.transaction(async (tx) => loadDemo(tx));
  return `${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

export async function loadDemo(tx: Queryable): Promise<string> {
  await loadRegions(tx);
  let estates = 0;
  for (const p of DEMO_PLANS) {
    const result = await importPlanInto(tx, {
      regionCode: p.regionCode,
      year: p.year,
      title: p.title,
      titleEn: p.titleEn,
      slug: p.slug,
      document: p.document ?? undefined,
      issuedOn: p.issuedOn ?? undefined,
      asOf: 'asOf' in p ? p.asOf : undefined,
      source: p.source,
      fileName: p.file,
      grid: readSeedGrid(p.file),
    });
    estates += result.estates;
  }
  const facts = await loadDocumentFacts(tx);
  estates += facts.estates;
  const geometry = await loadSyntheticGeometry(tx);
  return `${DEMO_PLANS.length + 1} programmes, ${estates} estates, ${geometry}`;
}

import type { Database } from '../db/engine.ts';
import { ChangeCache } from '../cache/changes.ts';
import { suggestZones, type SuggestParams } from './service.ts';

/**
 * What suggestions are read from (server/zones/sql.ts suggestSql): the estates (red lines,
 * district, plan, figures, project), their plans (year) and projects (money planned for a whole
 * project). Zones do not take estates out of suggestions, and reports do not feed them.
 */
export const SUGGEST_TABLES = new Set(['estates', 'plans', 'projects']);

/** Suggestions of a 50,000-estate district are ~20 MB of GeoJSON; a few districts fit. */
const MAX_BYTES = 128 * 2 ** 20;

/**
 * Suggested zones per district and parameters, as the JSON text the API answers, kept until a
 * NOTIFY data_changed for one of SUGGEST_TABLES (server/cache/changes.ts).
 */
export class SuggestCache {
  private readonly cache = new ChangeCache<string>(SUGGEST_TABLES, MAX_BYTES, (text) => text.length * 2);

  /** Resolves once LISTEN is in place (answers are cached from then on). */
  readonly ready: Promise<void>;

  /** Listens on the primary (NOTIFY is not replicated); answers may be read from the replica. */
  constructor(listenOn: Database) {
    this.ready = this.cache.listen(listenOn).catch((err) => console.error('[zones] LISTEN failed; suggestions will not be cached:', err));
  }

  get hits(): number {
    return this.cache.hits;
  }

  close(): Promise<void> {
    return this.cache.close();
  }

  /** The answer's JSON text and whether it came from memory. */
  async suggest(reads: Database, q: SuggestParams): Promise<{ text: string; hit: boolean }> {
    const key = JSON.stringify([q.district, q.year ?? null, q.gapMeters, q.minEstates, q.minHouseholds, q.outlines, q.rank ?? null]);
    const { value, hit } = await this.cache.getOrCompute(key, async () => JSON.stringify(await suggestZones(reads, q)));
    return { text: value, hit };
  }
}

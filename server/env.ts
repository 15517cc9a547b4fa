import { z } from 'zod';

/**
 * The environment, parsed once at start-up. A bad value stops the process with one clear line
 * instead of failing later in a handler.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** Embedded PGlite data directory; ignored when DATABASE_URL is set. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** A real PostgreSQL + PostGIS server, e.g. postgres://postgres@127.0.0.1:5432/estates */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A streaming replica of DATABASE_URL: tiles and other read-only queries go there. */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** API processes to run (node:cluster) on one port; more than 1 needs DATABASE_URL. */
  CLUSTER_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Optional MapLibre style URL for a real basemap (e.g. Tianditu with a key). */
  BASEMAP_STYLE_URL: z.string().url().optional(),
  /** Load the demo data set into an empty database (default on). */
  DEMO_DATA: z.enum(['0', '1']).default('1'),
  /** Upload limit for plan tables and other imports, in bytes. */
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Upload limit for POST /api/import/scope (surveyed red lines and footprints), in bytes. */
  SCOPE_UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** In-process cache of encoded vector tiles, in MiB; 0 turns it off (benchmarks of the SQL path). */
  TILE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  /** How long a login lasts, in hours. */
  SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-For/-Proto. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Embedded mode: the password of the demo accounts; one is generated and printed when unset. */
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${lines.join('; ')}`);
  }
  return result.data;
}

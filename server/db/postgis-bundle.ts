import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { withoutEntries } from './tar-entries.ts';

/**
 * PostGIS for the embedded engine, started faster. Every PGlite start unpacks the PostGIS bundle
 * (20 MB gzip) and links every WebAssembly library in it, raster and topology included, though the
 * schema only creates the `postgis` extension (migration 0001). The same bundle without those two
 * libraries, stored uncompressed inside its gzip wrapper, starts the server in 3.3 s instead of
 * 3.9 s (4.8 against 5.6 CPU s) on a 2-core machine; the PostgreSQL and PostGIS build is the same.
 *
 * It is written once, beside the package's own under node_modules/.cache (else the temporary
 * directory), named by the package version and the original's size; where neither can be written,
 * or the bundle no longer holds those libraries, the package's own bundle is used as it is.
 */
const UNUSED_LIBRARIES = /^lib\/postgresql\/postgis_(raster|topology)-3\.so$/;

let slim: string | null | undefined;

/** The slim bundle's path, written on first use; null when the package's own must be used. */
export function slimPostgisBundle(): string | null {
  if (slim !== undefined) return slim;
  slim = null;
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = require.resolve('@electric-sql/pglite-postgis').replace(/[\\/]dist[\\/]index\.c?js$/, '');
    const original = join(pkgDir, 'dist', 'postgis.tar.gz');
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    const name = `postgis-${version}-${statSync(original).size}-slim.tar.gz`;
    const repoCache = fileURLToPath(new URL('../../node_modules/.cache/estates-postgis/', import.meta.url));
    for (const dir of [repoCache, join(tmpdir(), `estates-postgis-${process.getuid?.() ?? 'user'}`)]) {
      const path = join(dir, name);
      if (existsSync(path)) return (slim = path);
      try {
        const { tar, dropped } = withoutEntries(gunzipSync(readFileSync(original)), (entry) => UNUSED_LIBRARIES.test(entry));
        if (dropped === 0) return null; // nothing to leave out: the package's own is as fast
        mkdirSync(dir, { recursive: true });
        // Written whole, then renamed: a process starting meanwhile never reads half a bundle.
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, gzipSync(tar, { level: 0 }));
        renameSync(partial, path);
        return (slim = path);
      } catch {
        // Not writable here: try the next place.
      }
    }
  } catch (err) {
    console.warn('[db] PostGIS starts from its full bundle:', (err as Error).message);
  }
  return slim;
}

/** The PostGIS extension for PGlite, from the slim bundle when there is one. */
export function postgisExtension(): Extension {
  const bundle = slimPostgisBundle();
  if (!bundle) return postgis;
  return {
    name: 'postgis',
    setup: async (pg, options) => ({ ...(await postgis.setup(pg, options)), bundlePath: new URL(`file://${bundle}`) }),
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesReachedFrom } from '../api/support/global-setup.ts';

/**
 * The API tests' template is rebuilt when the code that builds it changes (global-setup.ts): every
 * module its imports reach counts, and a route handler the build never runs does not.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SETUP = join(ROOT, 'tests/api/support/global-setup.ts');

describe('modulesReachedFrom', () => {
  it("follows the template build's imports through the server, shared and geodata code", () => {
    const reached = modulesReachedFrom(SETUP).map((f) => relative(ROOT, f));
    for (const f of ['server/db/migrate.ts', 'server/db/pglite.ts', 'server/db/postgis-bundle.ts', 'server/seed/demo.ts', 'server/auth/users.ts', 'tests/api/support/pglite-clone.ts']) {
      expect(reached).toContain(f);
    }
    expect(reached).not.toContain('server/tiles/routes.ts');
    expect(reached).not.toContain('server/zones/handlers.ts');
  });

  it('counts all the code when an import names no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reach-'));
    writeFileSync(join(dir, 'entry.ts'), `import { a } from './a';\nexport const b = a;\n`);
    writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
    const reached = modulesReachedFrom(join(dir, 'entry.ts')).map((f) => relative(ROOT, f));
    expect(reached).toContain('server/tiles/routes.ts');
    expect(reached).toContain('server/db/migrate.ts');
  });
});

import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The API files that take longest (README, "Test it", has the figures), slowest first. Vitest runs
 * files longest first once it has timed them, but a fresh clone (as in CI) has no timings and it
 * runs the largest files first: the short accounts and backup files, which start servers and
 * command-line processes for over half a minute, then ran last on one worker while the other
 * waited. Files not named keep Vitest's order, after these.
 */
const SLOWEST = [
  'tests/api/accounts.test.ts',
  'tests/api/backup.test.ts',
  'tests/api/fuzz.test.ts',
  'tests/api/geodata-load-pipelines.test.ts',
  'tests/api/policy-matrix.test.ts',
  'tests/api/plan-table-property.test.ts',
  'tests/api/login-throttle.test.ts',
  'tests/api/pipeline-conflicts-maintained.test.ts',
];

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((path) => f.moduleId.replaceAll('\\', '/').endsWith(path));
      return i < 0 ? SLOWEST.length : i;
    };
    // The unit files first: in a fresh clone they run while the API template is still being built
    // (tests/api/support/global-setup.ts). The other projects stay where Vitest put them; within
    // one, the named files first, the rest in its order.
    const projects = [...new Set(sorted.map((f) => f.project.name))].sort((a, b) => Number(b === 'unit') - Number(a === 'unit'));
    const keyed = sorted.map((f, at) => ({ f, key: [projects.indexOf(f.project.name), rank(f), at] as const }));
    keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
    return keyed.map((k) => k.f);
  }
}

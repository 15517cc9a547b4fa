import { figures, type LoadFigures } from './stats.ts';

/**
 * The same work without HTTP: `concurrency` workers each cycling through `jobs` from the start,
 * as autocannon's connections do with their request list, for `seconds`.
 */
export async function directLoad<T>(jobs: T[], run: (job: T) => Promise<unknown>, opts: { concurrency: number; seconds: number }): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (let i = 0; performance.now() < deadline; i = (i + 1) % jobs.length) {
        const t0 = performance.now();
        try {
          await run(jobs[i]!);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return figures(latencies, (performance.now() - started) / 1000, errors);
}

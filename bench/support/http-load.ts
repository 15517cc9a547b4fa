import autocannon from 'autocannon';
import { figures, type LoadFigures } from './stats.ts';

/**
 * Load over loopback with autocannon: `connections` clients cycling through `paths` for
 * `seconds`. Every response time is kept so that p95 is exact, not autocannon's bucketed p97.5.
 */
export async function httpLoad(
  baseUrl: string,
  paths: string[],
  opts: { connections: number; seconds: number; okStatus?: number[]; headers?: Record<string, string> },
): Promise<LoadFigures> {
  const ok = new Set(opts.okStatus ?? [200, 204]);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, connections: opts.connections, duration: opts.seconds, requests: paths.map((path) => ({ method: 'GET', path })), headers: opts.headers },
      (err) => (err ? reject(err) : resolve()),
    );
    instance.on('response', (_client, status, _bytes, time) => {
      latencies.push(time);
      if (!ok.has(status)) errors++;
    });
    instance.on('reqError', () => errors++);
  });
  return figures(latencies, (performance.now() - started) / 1000, errors);
}

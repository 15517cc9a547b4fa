import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** What the server printed so far. */
  output(): string;
  /** Peak resident memory of the server process so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * A node process running `script` (default: the real server, server/main.ts) with tsx, on a free
 * loopback port; resolves once it answers. Run apart from the load generator so they do not share
 * an event loop.
 */
export async function startServerProcess(
  env: Record<string, string>,
  script = 'server/main.ts',
  ready = '/api/health',
  /** Also wait for this line in the output (a cluster answers before all its workers listen). */
  readyLine?: RegExp,
): Promise<ServerProcess> {
  const port = await freePort();
  // No demo data unless the caller asks for it (the load test does; benchmarks bring their own sets).
  const childEnv: Record<string, string | undefined> = { ...process.env, DEMO_DATA: '0', ...env, PORT: String(port), HOST: '127.0.0.1' };
  // An empty value removes the variable (DATABASE_URL: '' runs the embedded engine).
  for (const [k, v] of Object.entries(env)) if (v === '') delete childEnv[k];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(baseUrl + ready)).ok && (!readyLine || readyLine.test(output))) break;
    } catch {
      // not up yet
    }
    // An embedded server migrates and seeds its demo data first: allow it a few minutes.
    if (i > 1800) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    peakRssMiB() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

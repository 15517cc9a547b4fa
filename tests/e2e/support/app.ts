/**
 * Starts the real server (`tsx server/main.ts`) on a free port with a fresh embedded database, waits
 * for /api/health, and stops it afterwards. The client must have been built (`npm run build`).
 * E2E_BASE_URL=http://host:port skips all that and tests an already running app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningApp {
  baseUrl: string;
  /** Server output so far, shown when start-up fails. */
  log(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The demo accounts' password on the server started here (E2E_PASSWORD for an external one). */
export const E2E_PASSWORD = process.env.E2E_PASSWORD ?? 'e2e-demo-password';
const START_TIMEOUT_MS = 240_000;

export interface StartOptions {
  /** false: DEMO_DATA=0 and no demo accounts, a bureau's first start. Default true. */
  demo?: boolean;
  /** Runs before the server starts, with its environment (e.g. `npm run user:create` for the first admin). */
  prepare?: (env: NodeJS.ProcessEnv) => Promise<void>;
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const demo = options.demo ?? true;
  const external = process.env.E2E_BASE_URL;
  if (external && demo) return { baseUrl: external.replace(/\/$/, ''), log: () => '', stop: async () => undefined };

  if (!existsSync(path.join(ROOT, 'dist/client/index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` (npm run test:e2e does) before the e2e tests');
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'e2e-data-'));
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', BASEMAP_STYLE_URL: '',
    ...(demo ? { DEMO_PASSWORD: E2E_PASSWORD, DEMO_DATA: '1' } : { DEMO_DATA: '0' }),
  };
  if (!demo) delete env.DEMO_PASSWORD;
  await options.prepare?.(env);
  // Own process group, so stop() ends tsx and the node process it runs, and nothing else.
  const child = spawn(process.execPath, [tsx, 'server/main.ts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const app: RunningApp = {
    baseUrl,
    log: () => output,
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
      // The data directory's lock (server/db/dir-lock.ts), left behind if the server was killed.
      await rm(`${dataDir}.lock`, { force: true });
    },
  };
  try {
    await waitForHealth(baseUrl, child);
  } catch (err) {
    await app.stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output.slice(-4000)}`);
  }
  return app;
}

/** Runs a project CLI (`npm run <script>` without npm) in the server's environment; rejects with its output. */
export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}: ${out}`))));
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy after ${START_TIMEOUT_MS / 1000} s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

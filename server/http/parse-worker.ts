import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../shared/errors/codes.ts';
import { HttpError } from './errors.ts';

/**
 * Uploads are parsed off the request path (issue 14): a 100,000-row workbook or a million-vertex
 * GeoJSON took seconds of the one thread that answers every request, and every other request
 * waited. Here a small pool of worker threads runs the pure, synchronous part of an import
 * (decode, unzip, parse, validate, check the limits) and hands back plain data; the request thread
 * only waits for the answer and keeps serving reads meanwhile.
 *
 * A task names an exported function of a server module (its file URL) and its arguments; it runs
 * in a worker with the same code (TypeScript through tsx). An HttpError thrown there comes back as
 * the same HttpError. A worker that runs out of its heap (a zip or a workbook that unpacks into
 * gigabytes) or runs past the time limit is ended and replaced, and its task is answered 413.
 */
export interface ParseTask {
  /** import.meta.url-style file URL of the module. */
  module: string;
  /** The exported function to call with the arguments. */
  name: string;
}

/** Worker threads (the machine this runs on has two cores; the request thread needs one). */
export const PARSE_WORKERS = 1;
/** Heap of each worker: a parse needing more is refused (413), the server keeps its own memory. */
export const PARSE_WORKER_HEAP_MB = 1024;
/** A parse that takes longer is refused (413). */
export const PARSE_TIMEOUT_MS = 120_000;

const BOOT = new URL('./parse-worker-boot.mjs', import.meta.url);

interface Job {
  id: number;
  task: ParseTask;
  args: unknown[];
  transfer: ArrayBuffer[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export interface ParsePoolStats {
  /** Tasks being parsed right now. */
  active: number;
  queued: number;
  completed: number;
  failed: number;
  /** Workers ended for memory or time and replaced. */
  replaced: number;
}

class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  readonly stats: ParsePoolStats = { active: 0, queued: 0, completed: 0, failed: 0, replaced: 0 };

  run<T>(task: ParseTask, args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, args, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < PARSE_WORKERS) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      this.stats.queued = this.queue.length;
      this.start(slot, job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB } });
    const slot: Slot = { worker, job: null, timer: null };
    worker.unref(); // an idle pool does not keep the process alive
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: WorkerError }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      this.finish(slot);
      if (msg.ok) {
        this.stats.completed++;
        job.resolve(msg.value);
      } else {
        this.stats.failed++;
        job.reject(fromWorker(msg.error!));
      }
      this.pump();
    });
    const lost = (why: 'memory' | 'crash', err?: Error) => {
      const job = slot.job;
      this.drop(slot);
      if (job) {
        this.stats.failed++;
        job.reject(
          why === 'memory'
            ? new HttpError(413, 'too_large_to_read', `The upload needs more than ${PARSE_WORKER_HEAP_MB} MB to read: split it into smaller files`, { limitMb: PARSE_WORKER_HEAP_MB })
            : (err ?? new Error('the parse worker stopped')),
        );
      }
      this.pump();
    };
    worker.on('error', (err: Error & { code?: string }) => lost(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', err));
    worker.on('exit', () => {
      if (this.slots.includes(slot)) lost('crash');
    });
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    this.stats.active++;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      const j = slot.job;
      this.drop(slot);
      void slot.worker.terminate();
      if (j) {
        this.stats.failed++;
        j.reject(new HttpError(413, 'too_large_to_read', `The upload could not be read within ${PARSE_TIMEOUT_MS / 1000} s: split it into smaller files`, { limitSeconds: PARSE_TIMEOUT_MS / 1000 }));
      }
      this.pump();
    }, PARSE_TIMEOUT_MS);
    slot.timer.unref();
    try {
      slot.worker.postMessage({ id: job.id, module: job.task.module, name: job.task.name, args: job.args }, job.transfer);
    } catch (e) {
      this.finish(slot);
      this.stats.failed++;
      job.reject(e);
    }
  }

  /** The slot's job is done; the worker stays for the next one. */
  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.job) this.stats.active--;
    slot.job = null;
    slot.worker.unref();
  }

  /** The worker is gone (memory, time, crash): forget it; the next job starts a new one. */
  private drop(slot: Slot): void {
    this.finish(slot);
    const i = this.slots.indexOf(slot);
    if (i >= 0) {
      this.slots.splice(i, 1);
      this.stats.replaced++;
    }
  }
}

interface WorkerError {
  http: boolean;
  status?: number;
  code?: string;
  message: string;
  details?: unknown;
  stack?: string;
}

function fromWorker(e: WorkerError): Error {
  if (e.http) return new HttpError(e.status as HttpError['status'], e.code as ErrorCode, e.message, e.details);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

const pool = new ParsePool();

/**
 * Runs `task` with `args` in a parse worker. Pass the upload's bytes as an ArrayBuffer in
 * `transfer` to move them instead of copying. The result comes back by structured clone: plain
 * data (arrays, objects, strings, typed arrays), no class instances.
 */
export function parseInWorker<T>(task: ParseTask, args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> {
  return pool.run<T>(task, args, transfer);
}

/** What the pool is doing (tests and diagnostics). */
export function parsePoolStats(): Readonly<ParsePoolStats> {
  return { ...pool.stats };
}

/** The bytes of an upload, as a fresh ArrayBuffer that can be transferred to a worker. */
export async function uploadBytes(file: File): Promise<ArrayBuffer> {
  return file.arrayBuffer();
}

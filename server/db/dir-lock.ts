import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * The embedded engine's data directory belongs to one process: two PGlite instances on one
 * directory (a server and `npm run db:backup`, or two servers) would each write its files and
 * corrupt it. Whoever opens the directory holds a lock file beside it (`<DATA_DIR>.lock`, outside
 * the directory so that a dump never carries it), naming the process; anyone else is refused with
 * that name until it closes. A lock whose process is gone (kill -9, a crash) is stale and taken over.
 */
export interface DirLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

/** Locks this process holds, so that opening the same directory twice here is refused too. */
const held = new Set<string>();

const lockPath = (dataDir: string) => `${resolve(dataDir).replace(/\/+$/, '')}.lock`;

function alive(h: Holder): boolean {
  if (h.host !== hostname()) return true; // another machine (a shared disk): cannot tell, assume so
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

export class DataDirInUse extends Error {
  constructor(readonly dataDir: string, readonly holder: Holder) {
    super(
      `${dataDir} is in use by the ${holder.purpose} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}): ` +
        'the embedded database belongs to one process; stop the server first (or back up a PostgreSQL server with DATABASE_URL, which pg_dump does while it runs)',
    );
  }
}

/** Takes the directory's lock for `purpose` ('server', 'backup', …), or throws DataDirInUse. */
export function lockDataDir(dataDir: string, purpose: string): DirLock {
  const path = lockPath(dataDir);
  const me: Holder = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (held.has(path)) throw new DataDirInUse(dataDir, readHolder(path) ?? me);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(path);
      if (holder && alive(holder) && holder.pid !== process.pid) throw new DataDirInUse(dataDir, holder);
      // Stale (its process is gone, or a lock of ours that was never released): take it over.
      try {
        unlinkSync(path);
      } catch {
        // someone else removed it first
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    held.add(path);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        held.delete(path);
        if (readHolder(path)?.pid === process.pid) unlinkSync(path);
      },
    };
  }
  throw new DataDirInUse(dataDir, readHolder(path) ?? me);
}

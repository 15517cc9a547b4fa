import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times (100 on Linux x86_64). */
const TICKS = 100;

function procCpuMs(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function postgresCpuMs(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += procCpuMs(pid);
    } catch {
      // gone
    }
  }
  return sum;
}

export interface CpuSplit {
  loadGenerator: number;
  server: number;
  postgres: number;
}

/** CPU milliseconds used so far by this process (the load generator), a server process and PostgreSQL. */
export function cpuNow(serverPid?: number): CpuSplit {
  const self = process.cpuUsage();
  return { loadGenerator: (self.user + self.system) / 1000, server: serverPid ? procCpuMs(serverPid) : 0, postgres: postgresCpuMs() };
}

/** Runs `fn` and returns what each party spent in CPU per request (ms), with `fn`'s result. */
export async function cpuPerRequest<T extends { requests: number }>(serverPid: number | undefined, fn: () => Promise<T>): Promise<T & { cpu: CpuSplit }> {
  const before = cpuNow(serverPid);
  const result = await fn();
  const after = cpuNow(serverPid);
  const per = (k: keyof CpuSplit) => (after[k] - before[k]) / Math.max(1, result.requests);
  return { ...result, cpu: { loadGenerator: per('loadGenerator'), server: per('server'), postgres: per('postgres') } };
}

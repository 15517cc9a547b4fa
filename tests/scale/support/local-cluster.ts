import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../bench/support/server-process.ts';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL primary and a streaming replica made with pg_basebackup, both private to the test
 * (own data directories, loopback ports, unix sockets in the temp dir), from the same Debian
 * binaries and PostGIS as the machine's server, which is left untouched.
 */
export interface LocalCluster {
  primaryUrl: string;
  replicaUrl: string;
  stop(): void;
}

/** PostgreSQL refuses to run as root: run its tools as the postgres user when we are root. */
function asPostgres(cmd: string, args: string[]): string {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'estates-replica-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const [p1, p2] = [await freePort(), await freePort()];
  const primary = path.join(dir, 'primary');
  const replica = path.join(dir, 'replica');
  const opts = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  // initdb's trust setup also allows replication connections from loopback.
  asPostgres(`${BIN}/initdb`, ['-D', primary, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  asPostgres(`${BIN}/pg_ctl`, ['-D', primary, '-w', '-l', path.join(dir, 'primary.log'), '-o', opts(p1), 'start']);
  asPostgres(`${BIN}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream', '--no-sync']);
  asPostgres(`${BIN}/pg_ctl`, ['-D', replica, '-w', '-l', path.join(dir, 'replica.log'), '-o', opts(p2), 'start']);
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${p1}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${p2}/postgres`,
    stop() {
      for (const d of [replica, primary]) {
        try {
          asPostgres(`${BIN}/pg_ctl`, ['-D', d, '-m', 'immediate', 'stop']);
        } catch {
          // already down
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

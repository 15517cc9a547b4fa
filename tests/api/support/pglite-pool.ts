import type { Database } from '../../../server/db/engine.ts';
import { openPgliteClone } from './pglite-clone.ts';
import { publicTables, rowVersionsSql, tableChecksum } from './table-state.ts';

/**
 * Why a worker reuses its PGlite copies from file to file (measured in README, "Test it"): starting
 * one costs about 2.2 CPU seconds (PGlite's WebAssembly and data directory 1.3 s, PostGIS the
 * rest), and the suite has 55 API files; putting a used copy back the way the template had it costs
 * a few tens of milliseconds, because a test file changes a few rows of a few tables.
 *
 * When a copy is first made, every table of the app (schema public) is copied into the schema
 * test_pristine, with each row's version (ctid, xmin) beside it, and the sequences' positions and
 * each table's content checksum are noted. When the copy is borrowed again:
 * - a table none of whose row versions moved is as it was (an insert, update or delete makes or
 *   removes a version: rowVersionsSql, support/table-state.ts);
 * - in a moved table, the rows that are not pristine versions are deleted and the pristine rows
 *   that are missing are put back, with triggers off (they already ran when the template was made:
 *   maintained tables, audit rows and notifications are restored like any other table);
 * - every sequence is set back where it was;
 * - each restored table's checksum must equal its pristine checksum, or the copy is thrown away and
 *   a fresh one made: a file never sees what an earlier file wrote.
 * Giving a copy back stops everything the app listened to and discards the session's state
 * (settings, prepared statements, temporary tables, advisory locks).
 */
interface Copy {
  db: Database;
  tables: Map<string, Pristine>;
  sequences: { name: string; value: string; called: boolean }[];
  busy: boolean;
}

interface Pristine {
  /** The version key of the table as test_pristine holds it (rowVersionsSql, table-state.ts). */
  version: string;
  checksum: string;
  /** Columns an INSERT may name (generated ones are computed again). */
  columns: string;
}

const copies: Copy[] = [];

export interface Borrowed {
  db: Database;
  giveBack(): Promise<void>;
}

/** A PGlite database holding exactly the template's content, for one test file (or one testApp). */
export async function borrowPgliteCopy(template: { tar: string }): Promise<Borrowed> {
  let copy: Copy | undefined;
  for (const idle of copies.filter((c) => !c.busy)) {
    idle.busy = true;
    const refused = await restored(idle).catch((e: Error) => `restoring failed: ${e.message}`);
    if (refused === null) {
      copy = idle;
      break;
    }
    console.warn(`[test pool] a used PGlite copy is not reused (${refused}); starting a fresh one`);
    copies.splice(copies.indexOf(idle), 1);
    await idle.db.close().catch(() => {});
  }
  if (!copy) {
    const db = await openPgliteClone(template);
    try {
      copy = { db, ...(await snapshot(db)), busy: true };
    } catch (e) {
      await db.close();
      throw e;
    }
    copies.push(copy);
  }
  return lend(copy);
}

/** The copy as the test sees it: the same database, whose close() gives it back. */
function lend(copy: Copy): Borrowed {
  const stops = new Set<() => Promise<void>>();
  let returned = false;
  const giveBack = async () => {
    if (returned) return;
    returned = true;
    try {
      for (const stop of stops) await stop();
      await copy.db.exec('DISCARD ALL');
      copy.busy = false;
    } catch {
      // A copy that cannot be tidied is not lent again.
      copies.splice(copies.indexOf(copy), 1);
      await copy.db.close().catch(() => {});
    }
  };
  const db: Database = {
    ...copy.db,
    async listen(channel, onNotify) {
      const stop = await copy.db.listen(channel, (payload) => {
        if (!returned) onNotify(payload);
      });
      const once = async () => {
        if (!stops.delete(once)) return;
        await stop();
      };
      stops.add(once);
      return once;
    },
    close: giveBack,
  };
  return { db, giveBack };
}

async function snapshot(db: Database): Promise<Pick<Copy, 'tables' | 'sequences'>> {
  const names = await publicTables(db);
  const tables = new Map<string, Pristine>();
  await db.exec('CREATE SCHEMA test_pristine');
  for (const t of names) {
    await db.exec(`CREATE TABLE test_pristine.${t} AS SELECT ctid AS pristine_ctid, xmin::text AS pristine_xmin, * FROM public.${t}`);
    await db.exec(`CREATE INDEX ON test_pristine.${t} (pristine_ctid)`);
    const [cols] = await db.query<{ c: string }>(
      `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS c FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
      [`public.${t}`],
    );
    tables.set(t, { version: '', checksum: await tableChecksum(db, t), columns: cols!.c });
  }
  for (const { t, v } of await db.query<{ t: string; v: string }>(rowVersionsSql(names))) tables.get(t)!.version = v;
  const sequences = await sequencePositions(db);
  return { tables, sequences };
}

async function sequencePositions(db: Database): Promise<Copy['sequences']> {
  const names = await db.query<{ name: string }>(`SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
  const out: Copy['sequences'] = [];
  for (const { name } of names) {
    const [row] = await db.query<{ value: string; called: boolean }>(`SELECT last_value::text AS value, is_called AS called FROM ${name}`);
    out.push({ name, ...row! });
  }
  return out;
}

/** Puts the copy back as the template had it; else says why it could not be proved so. */
async function restored(copy: Copy): Promise<string | null> {
  const { db } = copy;
  const names = [...copy.tables.keys()];
  const current = await db.query<{ t: string; v: string }>(rowVersionsSql(names));
  const moved = current.filter(({ t, v }) => copy.tables.get(t)!.version !== v).map((r) => r.t);
  if ((await publicTables(db)).length !== names.length) return 'a table was made or dropped';
  const rekey: string[] = [];
  if (moved.length) {
    await db.transaction(async (tx) => {
      // Triggers off: the restored rows are what the triggers had already made of the template.
      await tx.query(`SET LOCAL session_replication_role = replica`);
      for (const t of moved) {
        const { columns } = copy.tables.get(t)!;
        const pristine = `x.ctid = p.pristine_ctid AND x.xmin::text = p.pristine_xmin`;
        await tx.query(`DELETE FROM public.${t} x WHERE NOT EXISTS (SELECT 1 FROM test_pristine.${t} p WHERE ${pristine})`);
        const back = await tx.query(
          `INSERT INTO public.${t} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM test_pristine.${t} p
           WHERE NOT EXISTS (SELECT 1 FROM public.${t} x WHERE ${pristine}) RETURNING 1`,
        );
        if (back.length) rekey.push(t);
      }
    });
  }
  // Rows put back are new versions: note them as the pristine ones from now on.
  for (const t of rekey) {
    await db.exec(`TRUNCATE test_pristine.${t}; INSERT INTO test_pristine.${t} SELECT ctid, xmin::text, * FROM public.${t}`);
  }
  if (moved.length) for (const { t, v } of await db.query<{ t: string; v: string }>(rowVersionsSql(moved))) copy.tables.get(t)!.version = v;
  for (const t of moved) {
    if ((await tableChecksum(db, t)) !== copy.tables.get(t)!.checksum) return `${t} differs from the template after restoring`;
  }
  for (const s of copy.sequences) await db.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [s.name, s.value, s.called]);
  return null;
}

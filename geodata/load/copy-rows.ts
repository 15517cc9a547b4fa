import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';

type Cell = string | number | boolean | null | undefined;

/** COPY text format: tab separated, \N for NULL, backslash escapes. */
function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Rows for one table spooled to a file in COPY text format. A connection can run one COPY at a
 * time and the generator yields all tables district by district, so rows wait on disk (memory
 * stays flat at national scale) and are copied table by table afterwards, parents first.
 */
export class CopySpool {
  private readonly out: WriteStream;
  private buffer = '';
  rows = 0;

  constructor(
    readonly table: string,
    readonly columns: string[],
    readonly path: string,
  ) {
    this.out = createWriteStream(path);
  }

  async write(values: Cell[]): Promise<void> {
    this.buffer += values.map(cell).join('\t') + '\n';
    this.rows++;
    if (this.buffer.length > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk && !this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }

  /**
   * COPY … FROM STDIN from the spooled file; returns the row count. postgres.js 3.4 never settles
   * the writable when the server rejects the data after the last chunk (porsager/postgres#1173),
   * so `failed` is polled meanwhile (from another connection) and turns the hang into an error.
   */
  async copy(sql: postgres.Sql | postgres.TransactionSql, failed?: () => Promise<boolean>): Promise<number> {
    await this.close();
    const stream = await sql.unsafe(`COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`).writable();
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      const poll = async () => {
        if (failed && (await failed())) reject(new Error(`COPY into ${this.table} was rejected by the server (its log names the row)`));
        else timer = setTimeout(poll, 1000);
      };
      timer = setTimeout(poll, 1000);
    });
    try {
      await Promise.race([pipeline(createReadStream(this.path), stream), watchdog]);
    } finally {
      clearTimeout(timer);
    }
    return this.rows;
  }
}

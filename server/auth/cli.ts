/**
 * Creates an account on the configured database (the first admin of a real server):
 *
 *   DATABASE_URL=postgres://… npm run user:create -- --username ada --role admin
 *
 * The password comes from USER_PASSWORD, else from standard input (typed at a prompt, or piped:
 * `printf '%s' "$PW" | npm run user:create -- …`), never from the command line, where it would
 * be left in the shell history and the process list. --region gives a reporter's street or district.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { openDatabase } from '../db/open.ts';
import { parseEnv } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { describeZodError } from '../http/errors.ts';
import { newUserSchema } from '../../shared/auth.ts';
import { createUser } from './users.ts';

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stderr : undefined, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password (at least 8 characters): ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, role: { type: 'string' }, region: { type: 'string' } },
    strict: true,
  });
  const env = parseEnv();
  const parsed = newUserSchema.safeParse({
    username: values.username,
    role: values.role,
    regionCode: values.region,
    password: await readPassword(),
  });
  if (!parsed.success) {
    for (const p of describeZodError(parsed.error)) console.error(`${p.parameter}: ${p.message}`);
    return 2;
  }
  const db = await openDatabase(env);
  try {
    // Stamped like an API write, so the audit trail says where the account came from.
    const { id } = await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('app.user', $1, true), set_config('app.request', 'npm run user:create', true)`, [
        `cli:${process.env.USER ?? 'unknown'}`,
      ]);
      return createUser(tx, parsed.data);
    });
    console.log(`created ${parsed.data.role} ${parsed.data.username} (id ${id})`);
    return 0;
  } catch (e) {
    if (e instanceof HttpError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();

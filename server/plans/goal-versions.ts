import type { Queryable } from '../db/engine.ts';

/**
 * The versions of a plan's two goal lists (migration 0015, table plan_goals): milestones and
 * targets are each saved as a whole at the version read, and a save from an older version is
 * refused (409). A plan without a row is at version 1 of both.
 */
export type GoalList = 'milestones' | 'targets';

export interface GoalVersion {
  version: number;
  updatedAt: string | null;
}

const cols = (list: GoalList) => ({ version: `${list}_version`, at: `${list}_updated_at` });

export async function goalVersion(db: Queryable, planId: number, list: GoalList): Promise<GoalVersion> {
  const c = cols(list);
  const [row] = await db.query<GoalVersion>(
    `SELECT ${c.version} AS version, to_char(${c.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
     FROM plan_goals WHERE plan_id = $1`,
    [planId],
  );
  return row ?? { version: 1, updatedAt: null };
}

/** Locks the list's version row for the transaction (creating it at 1) and returns the version. */
export async function lockGoalVersion(tx: Queryable, planId: number, list: GoalList): Promise<number> {
  await tx.query(`INSERT INTO plan_goals (plan_id) VALUES ($1) ON CONFLICT (plan_id) DO NOTHING`, [planId]);
  const [row] = await tx.query<{ version: number }>(`SELECT ${cols(list).version} AS version FROM plan_goals WHERE plan_id = $1 FOR UPDATE`, [planId]);
  return row!.version;
}

export async function bumpGoalVersion(tx: Queryable, planId: number, list: GoalList): Promise<void> {
  const c = cols(list);
  await tx.query(`UPDATE plan_goals SET ${c.version} = ${c.version} + 1, ${c.at} = now() WHERE plan_id = $1`, [planId]);
}

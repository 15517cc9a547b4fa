import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/engine.ts';
import type { Role } from '../../shared/auth.ts';

/** Who a request comes from, as the policy needs it. */
export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  /** A reporter's street or district and the district it lies in; null for other roles. */
  region: { code: string; name: string; level: string; districtCode: string } | null;
  csrfToken: string;
  expiresAt: string;
}

/** Only the hash of a token is stored: a leaked database copy holds no usable session. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Queryable, userId: number, hours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  // Housekeeping on the rare write path rather than a timer: expired sessions go at each login.
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
  const [row] = await db.query<{ expires_at: string }>(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))
     RETURNING expires_at::text`,
    [hashToken(token), userId, csrf, hours],
  );
  return { token, expiresAt: new Date(row!.expires_at) };
}

// The district a reporter's region lies in: the region itself, or the nearest district above it.
const sessionSql = `
  WITH RECURSIVE me AS (
    SELECT u.id, u.username, u.role, u.region_code, s.csrf_token, s.expires_at
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled
  ), up AS (
    SELECT r.code, r.parent_code, r.level FROM regions r JOIN me ON r.code = me.region_code
    UNION ALL
    SELECT r.code, r.parent_code, r.level FROM regions r JOIN up ON r.code = up.parent_code WHERE up.level <> 'district'
  )
  SELECT me.id, me.username, me.role, me.csrf_token, to_json(me.expires_at)#>>'{}' AS expires_at,
         r.code AS region_code, r.name AS region_name, r.level AS region_level,
         (SELECT code FROM up WHERE level = 'district') AS district_code
  FROM me LEFT JOIN regions r ON r.code = me.region_code`;

export async function loadSession(db: Queryable, token: string): Promise<SessionUser | null> {
  const [row] = await db.query<{
    id: number; username: string; role: Role; csrf_token: string; expires_at: string;
    region_code: string | null; region_name: string | null; region_level: string | null; district_code: string | null;
  }>(sessionSql, [hashToken(token)]);
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    region:
      row.role === 'reporter' && row.region_code
        ? { code: row.region_code, name: row.region_name!, level: row.region_level!, districtCode: row.district_code ?? row.region_code }
        : null,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

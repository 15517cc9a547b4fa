/** An account as the admin sees it (never the password hash). `$1` an id, or null for all. */
export const accountsSql = `
  SELECT u.id, u.username, u.role, u.disabled, u.version, to_json(u.created_at)#>>'{}' AS "createdAt",
         CASE WHEN r.code IS NULL THEN NULL ELSE json_build_object('code', r.code, 'name', r.name, 'level', r.level) END AS region,
         (SELECT to_json(max(s.created_at))#>>'{}' FROM sessions s WHERE s.user_id = u.id) AS "lastLoginAt"
  FROM users u LEFT JOIN regions r ON r.code = u.region_code
  WHERE $1::int IS NULL OR u.id = $1
  ORDER BY u.username`;

/** Active admins other than $1: the last one may not be disabled or demoted. */
export const otherActiveAdminsSql = `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`;

/** The maintenance database on the same server (to create and drop test databases). */
export function adminUrl(url: string): string {
  return databaseUrl(url, 'postgres');
}

export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

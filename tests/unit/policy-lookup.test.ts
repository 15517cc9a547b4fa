import { describe, expect, it } from 'vitest';
import { POLICY, ruleFor } from '../../server/auth/policy.ts';

/** The table scanned line by line, as ruleFor did before it narrowed the lines by the path's head. */
function reference(method: string, path: string) {
  const m = method === 'HEAD' ? 'GET' : method;
  const re = (p: string) =>
    new RegExp(`^${p.split('/').map((s) => (s === '*' ? '.*' : s.startsWith(':') ? '([^/]+)' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);
  return POLICY.find((r) => r.method === m && re(r.path).test(path));
}

describe('the policy line of a request', () => {
  it('is the one a scan of the whole table finds, for every line and odd paths', () => {
    const paths = new Set<string>(['/', '/api', '/api/', '/tiles', '/tiles/', '/tiles/estates/14/1/2.mvt', '/tiles/x', '/api/nope', '/api/estates/', '/api/estates/1/', '/x/y/z']);
    for (const r of POLICY) {
      const concrete = r.path.replace(/:[^/]+/g, '7').replace(/\*$/, 'a/b');
      paths.add(concrete);
      paths.add(`${concrete}/`);
      paths.add(`${concrete}/extra`);
      paths.add(concrete.replace(/\/[^/]+$/, '/other'));
    }
    let n = 0;
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
      for (const p of paths) {
        expect([method, p, ruleFor(method, p)]).toEqual([method, p, reference(method, p)]);
        n++;
      }
    expect(n).toBeGreaterThan(500);
  });
});

import type { ZoneLink } from '../../shared/zones/contract.ts';

/**
 * Connected components of the adjacency graph (union–find over the links PostGIS found), largest
 * first, ties by smallest id; ids inside a component ascending. Pure graph work, no geometry.
 */
export function components(ids: number[], links: Pick<ZoneLink, 'a' | 'b'>[]): number[][] {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const { a, b } of links) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, number[]>();
  for (const id of [...ids].sort((x, y) => x - y)) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()].sort((x, y) => y.length - x.length || x[0]! - y[0]!);
}

/**
 * District layout, in local metres around the district centre.
 *
 * Each street gets a disc big enough for its layout. Discs are packed around the centre (largest
 * first, each at the nearest free spot on a spiral), so streets sit at distinct places a few hundred
 * metres to a few kilometres out. The district outline is a jittered convex polygon around all discs.
 * Street outlines are the cells of the power diagram (Voronoi weighted by disc radius²) clipped to the
 * district: they tile the district exactly, and because the discs do not overlap each cell contains
 * its whole disc, so a street outline always contains its estates and its communities.
 */
import { clipHalfPlane, convexHull, dist, makeTransform, type LabelledPolygon, type Transform, type XY } from './geom.ts';
import type { StreetLayout } from './layout.ts';
import { Rng } from './random.ts';

/** Clear ground between neighbouring street discs, where the arterial between them runs. */
const DISC_GAP = 40;

export interface PlacedStreet {
  code: string;
  layout: StreetLayout;
  site: XY;
  radius: number;
  /** Street frame → district frame. */
  transform: Transform;
}

export interface DistrictLayout {
  streets: PlacedStreet[];
  /** Convex, counter-clockwise. */
  outline: XY[];
  /** Street cells, same order as `streets`; labels are 'D' (district edge) or the other street's index. */
  cells: LabelledPolygon[];
  /** Radius that holds every street disc: what another district must not reach into. */
  contentRadius: number;
  outlineRadius: number;
}

export function layoutDistrict(code: string, layouts: StreetLayout[], seed: number): DistrictLayout {
  const rng = new Rng(seed, `district:${code}`);
  const order = layouts
    .map((l, i) => ({ l, i }))
    .sort((a, b) => b.l.radius - a.l.radius || (a.l.streetCode < b.l.streetCode ? -1 : 1));
  const sites: XY[] = new Array(layouts.length);
  const placed: { p: XY; r: number }[] = [];
  for (const { l, i } of order) {
    const p = placeDisc(placed, l.radius, new Rng(seed, `site:${l.streetCode}`));
    placed.push({ p, r: l.radius });
    sites[i] = p;
  }

  const streets: PlacedStreet[] = layouts.map((l, i) => {
    const site = sites[i] as XY;
    const srng = new Rng(seed, `orient:${l.streetCode}`);
    // Rotate the whole street a little: real street grids are rarely north-aligned.
    const angle = (srng.range(-25, 25) * Math.PI) / 180;
    const t = makeTransform(angle, 0, 0);
    const cx = l.width / 2;
    const cy = l.height / 2;
    // Centre of the layout goes to the site.
    const c = [t.cos * cx - t.sin * cy, t.sin * cx + t.cos * cy];
    return {
      code: l.streetCode,
      layout: l,
      site,
      radius: l.radius,
      transform: makeTransform(angle, site[0] - (c[0] as number), site[1] - (c[1] as number)),
    };
  });

  const contentRadius = placed.reduce((m, d) => Math.max(m, Math.hypot(d.p[0], d.p[1]) + d.r), 0);
  // A polygon whose vertices lie at least R / cos(π/n) out contains the circle of radius R; jitter
  // only outwards, then take the hull, so it stays convex (the cell clipping needs that).
  const r0 = Math.max(contentRadius + 150, 800);
  const n = 20;
  const phase = rng.range(0, (2 * Math.PI) / n);
  const pts: XY[] = [];
  for (let k = 0; k < n; k++) {
    const a = phase + (2 * Math.PI * k) / n;
    const r = (r0 / Math.cos(Math.PI / n)) * rng.range(1.0, 1.25);
    pts.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  const hull = convexHull(pts);
  const outlineRadius = hull.reduce((m, p) => Math.max(m, Math.hypot(p[0], p[1])), 0);
  // Street cells are cut from `hull`; the published outline is the hull grown by ≥ 10 cm so that,
  // after rounding to 1e-7° (~1 cm), street vertices on the edge still fall inside the district.
  const grow = 1 + 0.2 / outlineRadius;
  const outline = hull.map(([x, y]): XY => [x * grow, y * grow]);

  const cells = streets.map((s, i) => {
    let cell: LabelledPolygon = { pts: hull.slice(), labels: hull.map(() => 'D') };
    streets.forEach((o, j) => {
      if (j === i) return;
      // Power bisector: |x−pᵢ|² − rᵢ² ≤ |x−pⱼ|² − rⱼ²  ⇔  2x·(pⱼ−pᵢ) ≤ |pⱼ|² − |pᵢ|² − rⱼ² + rᵢ²
      const a = 2 * (o.site[0] - s.site[0]);
      const b = 2 * (o.site[1] - s.site[1]);
      const c =
        o.site[0] ** 2 + o.site[1] ** 2 - s.site[0] ** 2 - s.site[1] ** 2 - o.radius ** 2 + s.radius ** 2;
      cell = clipHalfPlane(cell, a, b, c, String(j));
    });
    return cell;
  });

  return { streets, outline, cells, contentRadius, outlineRadius };
}

/**
 * Nearest free spot on a spiral around the centre, starting at a random angle so that streets do not
 * line up. Free = at least DISC_GAP clear of every disc placed so far.
 */
function placeDisc(placed: { p: XY; r: number }[], r: number, rng: Rng): XY {
  if (placed.length === 0) return [0, 0];
  const step = Math.max(20, r / 4);
  const start = rng.range(0, 2 * Math.PI);
  for (let ring = 1; ; ring++) {
    const rho = ring * step;
    const count = Math.min(72, Math.max(6, Math.ceil((2 * Math.PI * rho) / step)));
    for (let k = 0; k < count; k++) {
      const a = start + (2 * Math.PI * k) / count;
      const p: XY = [rho * Math.cos(a), rho * Math.sin(a)];
      if (placed.every((d) => dist(p, d.p) >= d.r + r + DISC_GAP)) return p;
    }
  }
}

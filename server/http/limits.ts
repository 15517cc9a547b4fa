import { HttpError } from './errors.ts';

/**
 * Limits on what one upload may hold (issue 14), stated in README.md ("Bad input"). A file over a
 * limit is refused before it costs the server more than reading it, and the refusal states the
 * limit: 413 for the file as a whole, 422 naming the feature for one feature.
 */
export const LIMITS = {
  /** Rows of a table (plan table CSV/XLSX, pipeline works CSV), header and blank rows included. */
  tableRows: 20_000,
  /** Features of a GeoJSON, Shapefile or GeoPackage (a district's red lines and footprints). */
  featuresPerFile: 20_000,
  /** Vertices of one feature: a surveyed red line has tens to hundreds. */
  verticesPerFeature: 20_000,
  /** Vertices of one file, all features together. */
  verticesPerFile: 250_000,
  /**
   * Nesting of arrays and objects in an uploaded JSON document or body, counted from its root (a
   * FeatureCollection's MultiPolygon positions are 8 deep). Checked without recursion before
   * anything walks the document recursively (JSON.stringify, a reader, a validator).
   */
  jsonDepth: 32,
} as const;

export const limitText = {
  tableRows: `${LIMITS.tableRows.toLocaleString('en')} rows per table`,
  featuresPerFile: `${LIMITS.featuresPerFile.toLocaleString('en')} features per file`,
  verticesPerFeature: `${LIMITS.verticesPerFeature.toLocaleString('en')} vertices per feature`,
  verticesPerFile: `${LIMITS.verticesPerFile.toLocaleString('en')} vertices per file`,
  jsonDepth: `${LIMITS.jsonDepth} levels of nesting`,
};

/** 413: the file as a whole is over a limit. */
export function overLimit(file: string, what: keyof typeof LIMITS, found: number | string): HttpError {
  return new HttpError(413, 'over_limit', `${file}: more than ${limitText[what]} (the limit; found ${found}): split it into smaller files`, {
    file,
    limit: what,
    max: LIMITS[what],
    found,
  });
}

/**
 * How deep `value` nests, stopping as soon as it is deeper than `max`: an explicit stack, so a
 * document nested 100,000 deep costs a loop, not a stack overflow. Returns the depth found (at
 * most max + 1).
 */
export function depthOf(value: unknown, max: number = LIMITS.jsonDepth): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > deepest) deepest = d;
    if (deepest > max) return deepest;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
}

/** Positions (arrays that start with a number) in a geometry, counted without recursion; stops past `stopAt`. */
export function verticesOf(geometry: unknown, stopAt = Infinity): number {
  let n = 0;
  const stack: unknown[] = [geometry];
  while (stack.length && n <= stopAt) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      if (typeof v[0] === 'number') n++;
      else for (const child of v) stack.push(child);
    } else if (v !== null && typeof v === 'object') {
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return n;
}

/** A refusal of one feature, in the shape the scope importer answers (422, every feature named). */
export interface FeatureProblem {
  feature: number;
  /** An ErrorCode the client words from params (shared/scopes/contract.ts GeometryProblem). */
  code: 'feature_too_deep' | 'too_many_vertices';
  params: { max: number };
  reason: string;
}

/**
 * The limits of a parsed GeoJSON-like document whose features are in `features` (checked without
 * recursion): depth of every member (a deep feature is named), features per file, vertices per
 * feature and per file. `doc` is the FeatureCollection around them (null for a lone Feature or a
 * Shapefile's records); `featureLevel` how deep a feature sits in it (3 in a FeatureCollection: the
 * collection, its `features`, the feature). Throws 413/422; returns when the file is within them.
 */
export function checkFeatureLimits(file: string, doc: unknown, features: readonly { geometry?: unknown }[], featureLevel: number): void {
  if (features.length > LIMITS.featuresPerFile) throw overLimit(file, 'featuresPerFile', features.length);
  const problems: FeatureProblem[] = [];
  // Members around the features (a crs, a bbox, metadata) first: they are not a feature to name.
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [key, member] of Object.entries(doc)) {
      if (key === 'features') continue;
      if (depthOf(member, LIMITS.jsonDepth - 1) > LIMITS.jsonDepth - 1) {
        throw new HttpError(422, 'too_deep', `${file}: the member "${key}" nests deeper than ${limitText.jsonDepth} (the limit)`, { file, member: key, max: LIMITS.jsonDepth });
      }
    }
  }
  const room = LIMITS.jsonDepth - featureLevel + 1;
  let total = 0;
  features.forEach((f, i) => {
    if (depthOf(f, room) > room) {
      problems.push({ feature: i, code: 'feature_too_deep', params: { max: LIMITS.jsonDepth }, reason: `nests deeper than ${limitText.jsonDepth} (the limit): not a geometry or attribute table anyone writes` });
      return;
    }
    const n = verticesOf(f?.geometry, LIMITS.verticesPerFeature);
    if (n > LIMITS.verticesPerFeature) problems.push({ feature: i, code: 'too_many_vertices', params: { max: LIMITS.verticesPerFeature }, reason: `has more than ${limitText.verticesPerFeature} (the limit): simplify it first` });
    total += n;
  });
  if (problems.length) {
    throw new HttpError(422, 'over_limit', `${file}: ${problems.length} feature(s) over the limits, nothing was read; first: feature ${problems[0]!.feature} ${problems[0]!.reason}`, problems);
  }
  if (total > LIMITS.verticesPerFile) throw overLimit(file, 'verticesPerFile', total);
}

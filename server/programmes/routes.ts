import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { ProgrammeItem } from '../../shared/api.ts';
import { programmesSql } from './sql.ts';

type Bbox = [number, number, number, number];

interface Row extends Omit<ProgrammeItem, 'bbox' | 'frame'> {
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
  frameSource: ProgrammeItem['frame']['source'];
  fminx: number | null;
  fminy: number | null;
  fmaxx: number | null;
  fmaxy: number | null;
}

/** Read-only: app.ts hands these routes the replica when one is configured. */
export function programmeRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const rows = await db.query<Row>(programmesSql);
    return c.json(
      rows.map(({ minx, miny, maxx, maxy, frameSource, fminx, fminy, fmaxx, fmaxy, ...p }): ProgrammeItem => ({
        ...p,
        bbox: minx === null ? null : ([minx, miny, maxx, maxy] as Bbox),
        // Always set: the country's extent exists from migration 0013 on.
        frame: { bbox: [fminx, fminy, fmaxx, fmaxy] as Bbox, source: frameSource },
      })),
    );
  });
}

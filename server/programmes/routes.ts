import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { programmesSql } from './sql.ts';

interface Row {
  key: string;
  name: string;
  nameEn: string;
  year: number;
  regionCode: string;
  districtCodes: string[];
  estateCount: number;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
}

export function programmeRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const rows = await db.query<Row>(programmesSql);
    return c.json(
      rows.map(({ minx, miny, maxx, maxy, ...p }) => ({
        ...p,
        bbox: minx === null ? null : [minx, miny, maxx, maxy],
      })),
    );
  });
}

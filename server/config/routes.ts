import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';

/** What the client needs to know about the deployment (basemap choice). */
export function configRoutes({ env }: AppDeps) {
  return new Hono().get('/', (c) => c.json({ basemapStyleUrl: env.BASEMAP_STYLE_URL ?? null }));
}

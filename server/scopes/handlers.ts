import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { scopesContract } from '../../shared/scopes/contract.ts';
import { editHandlers } from './edit/handlers.ts';
import { exportHandlers } from './export/handlers.ts';
import { importHandlers } from './import/handlers.ts';

/** Design scopes: export (export/), drawing and its history (edit/), surveyed outlines back (import/). */
export function scopeHandlers(deps: RouteDeps): Handlers<typeof scopesContract> {
  return { ...editHandlers(deps), ...importHandlers(deps), ...exportHandlers(deps) };
}

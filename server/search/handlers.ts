import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { sessionUser } from '../auth/guard.ts';
import type { searchContract } from '../../shared/search/contract.ts';
import { search } from './service.ts';

/**
 * Read-only but for the names' pinyin (search_pinyin, derived, unaudited): that is written on the
 * primary, unstamped (`plain`); the search itself reads the replica when one is configured.
 */
export function searchHandlers({ plain, reads }: RouteDeps): Handlers<typeof searchContract> {
  return {
    search: async ({ query }, c) => search(plain, reads, sessionUser(c), query),
  };
}

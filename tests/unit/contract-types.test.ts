/**
 * The contract binds both sides at compile time (issue 15): `npm run typecheck` refuses a handler
 * whose answer lacks a field of its route's type, and a client that reads a field the answer does
 * not have or sends a body the schema does not take. Each `@ts-expect-error` below is a build
 * break that must happen: if the contract stopped binding, tsc would report the directive unused.
 */
import { describe, expect, it } from 'vitest';
import type { CallInput, ResponseOf } from '../../shared/contract/route.ts';
import { zonesContract, type ZoneCheck } from '../../shared/zones/contract.ts';
import { estatesContract } from '../../shared/estates/contract.ts';
import type { Handlers } from '../../server/http/register.ts';

type ZoneHandlers = Handlers<typeof zonesContract>;
const check: ZoneCheck = { contiguous: true, components: [[1]], links: [], bridges: [] };

describe('contract types', () => {
  it('hold the server to the answer and the client to the request and answer', () => {
    // The server: a handler must answer its route's type.
    const good: ZoneHandlers['check'] = () => check;
    // @ts-expect-error an answer without `components` is not a ZoneCheck
    const missingField: ZoneHandlers['check'] = () => ({ contiguous: true, links: [], bridges: [] });
    // @ts-expect-error a list route cannot answer a single feature's type
    const wrongShape: ZoneHandlers['list'] = () => ({ type: 'Feature' });

    // The client: what it reads and what it sends.
    const answer = check as ResponseOf<typeof zonesContract.routes.check>;
    // @ts-expect-error ZoneCheck has no `groups` (it was renamed `components` long ago)
    void answer.groups;
    // @ts-expect-error estateIds must be numbers
    const badBody: CallInput<typeof zonesContract.routes.check> = { body: { estateIds: ['1'] } };
    // @ts-expect-error GET /api/estates/:id needs its id
    const noId: CallInput<typeof estatesContract.routes.get> = {};
    const withId: CallInput<typeof estatesContract.routes.get> = { params: { id: 21 } };

    expect([good, missingField, wrongShape, badBody, noId, withId].length).toBe(6);
    expect(answer.components).toEqual([[1]]);
  });
});

/**
 * The API's own description: the OpenAPI document generated from every contract, and a reference
 * page that reads it. Public: integrators need them before they have an account.
 */
import { defineContract, file, json } from '../contract/route.ts';

export const apiDocsContract = defineContract({
  capability: 'api',
  description: 'The OpenAPI 3.1 document of every route and a reference page.',
  routes: {
    openapi: {
      method: 'GET',
      path: '/api/openapi.json',
      roles: 'public',
      summary: 'The OpenAPI 3.1 document, generated from the capabilities’ contracts',
      response: json<Record<string, unknown>>('OpenAPI 3.1 document'),
    },
    docs: {
      method: 'GET',
      path: '/api/docs',
      roles: 'public',
      summary: 'The API reference: every route with its roles, parameters, body and answer',
      response: file('An HTML page', ['text/html']),
    },
  },
});

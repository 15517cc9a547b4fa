import { readFileSync } from 'node:fs';
import type { Handlers } from '../http/register.ts';
import type { apiDocsContract } from '../../shared/apidocs/contract.ts';
import { CONTRACTS } from '../../shared/contracts.ts';
import { openApiDocument } from './document.ts';
import { referencePage } from './page.ts';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Built once per process: the contracts do not change while it runs. */
let built: { doc: ReturnType<typeof openApiDocument>; html: string } | null = null;
const docs = () => {
  if (!built) {
    const doc = openApiDocument(CONTRACTS, version);
    built = { doc, html: referencePage(doc) };
  }
  return built;
};

export function apiDocsHandlers(): Handlers<typeof apiDocsContract> {
  return {
    openapi: () => docs().doc,
    docs: (_input, c) => c.html(docs().html),
  };
}

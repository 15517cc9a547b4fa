/**
 * The API reference page (/api/docs), rendered on the server from the OpenAPI document: no
 * script, no third-party assets (the CSP allows none, and the machines it runs on are offline).
 */
import type { OpenApiDocument, OpenApiOperation as Operation } from './document.ts';

type Doc = OpenApiDocument;

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Escaped prose with its `code` spans (the document's descriptions are Markdown). */
const prose = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
const schemaText = (s: unknown) => {
  const text = JSON.stringify(s, null, 1);
  return text.length > 1200 ? `${text.slice(0, 1200)}\n…` : text;
};
const typeOf = (s: unknown) => {
  const o = s as { type?: unknown; enum?: unknown[]; pattern?: string };
  if (o?.enum) return o.enum.map(String).join(' | ');
  return `${Array.isArray(o?.type) ? o.type.join(' | ') : (o?.type ?? 'any')}${o?.pattern ? ` (${o.pattern})` : ''}`;
};

function operation(path: string, method: string, op: Operation): string {
  const roles = op['x-roles'] === 'public' ? 'public' : (op['x-roles'] as readonly string[]).join(', ');
  const params = op.parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th></th></tr>${op.parameters
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema))}</td><td>${p.required ? 'yes' : ''}</td><td>${esc(p.description ?? '')}</td></tr>`)
        .join('')}</table>`
    : '';
  const body = op.requestBody
    ? Object.entries(op.requestBody.content)
        .map(([type, c]) => `<details><summary>body: ${esc(type)}</summary><pre>${esc(schemaText(c.schema))}</pre></details>`)
        .join('')
    : '';
  const answers = Object.entries(op.responses)
    .filter(([, r]) => !r.$ref)
    .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description ?? '')} ${r.content ? `<small>(${esc(Object.keys(r.content).join(', '))})</small>` : ''}</li>`)
    .join('');
  return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${prose(op.summary)}${op.description ? ` <i>(${prose(op.description)})</i>` : ''}</p>
<p class="roles">roles: ${esc(roles)}${op['x-reporter-reach'] ? ` · a reporter only within their region (${esc(op['x-reporter-reach'])})` : ''}</p>
${params}${body}<ul>${answers}<li><b>4XX/5XX</b> <a href="#errors">the error shape</a></li></ul></section>`;
}

export function referencePage(doc: Doc): string {
  const byTag = new Map<string, string[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) byTag.get(op.tags[0]!)?.push(operation(path, method, op));
  }
  const code = doc.components.schemas.Error.properties.error.properties.code;
  const nav = doc.tags.map((t) => `<a href="#tag-${esc(t.name)}">${esc(t.name)}</a>`).join(' · ');
  const sections = doc.tags
    .map((t) => `<h2 id="tag-${esc(t.name)}">${esc(t.name)}</h2><p>${prose(t.description)}</p>${(byTag.get(t.name) ?? []).join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API · ${esc(doc.info.title)}</title>
<style>
body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1f2933}
h2{border-bottom:2px solid #d9e2ec;padding-top:1em}.op{border:1px solid #d9e2ec;border-radius:6px;padding:.2em 1em;margin:1em 0}
h3{font-size:15px}.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 4px}
.get{background:#2f80ed}.post{background:#27ae60}.put{background:#f2994a}.patch{background:#9b51e0}.delete{background:#eb5757}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #e4e7eb;padding:2px 6px;text-align:left}
.roles{color:#52606d}pre{background:#f5f7fa;padding:.5em;overflow:auto;font-size:12px}
</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${prose(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Capabilities: ${nav} · <a href="#errors">errors</a></p>
${sections}
<h2 id="errors">Errors</h2>
<p>Every refusal answers <code>{ "error": { "code", "message", "details" } }</code> with a 4xx status; a fault is a 500 with code <code>internal</code>, and nothing was applied.</p>
<table><tr><th>code</th><th>meaning</th></tr>${code.description
    .split('\n')
    .map((line) => {
      const [k, ...v] = line.split(': ');
      return `<tr><td><code>${esc(k)}</code></td><td>${esc(v.join(': '))}</td></tr>`;
    })
    .join('')}</table>
</body></html>`;
}

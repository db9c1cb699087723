/** A self-contained HTML reference rendered from the OpenAPI document (no scripts, no CDN). */
import { escapeHtml } from '#shared/html.js';

interface Operation {
  summary?: string;
  tags?: string[];
  'x-access'?: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  parameters?: { name: string; in: string; required: boolean }[];
}

export function renderDocsPage(document: Record<string, unknown>): string {
  const info = document.info as { title: string; version: string; description: string };
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const body = op.requestBody?.content['application/json']?.schema;
      const responses = Object.entries(op.responses)
        .map(([status, r]) => {
          const schema = status.startsWith('2') ? r.content?.['application/json']?.schema : undefined;
          return `<li><b>${status}</b> ${escapeHtml(r.description)}${schema ? `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>` : ''}</li>`;
        })
        .join('');
      const params = (op.parameters ?? []).map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(', ');
      const html = `<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> <small>${escapeHtml(op['x-access'] ?? '')}</small></h3>
<p>${escapeHtml(op.summary ?? '')}</p>
${params ? `<p>Parameters: ${params}</p>` : ''}
${body ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<details><summary>Responses</summary><ul>${responses}</ul></details>
</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:2px solid #ddd;margin-top:2.5rem}section{border:1px solid #e3e3e3;border-radius:6px;padding:.2rem 1rem;margin:.8rem 0}
.m{font-size:.8em;padding:.15em .5em;border-radius:4px;color:#fff}.get{background:#2b7bb9}.post{background:#2f9e44}.put{background:#d9480f}
.patch{background:#7048e8}.delete{background:#c92a2a}pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.85em}small{color:#666}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>v${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors always have the shape
<code>{"error": {"code", "message", "details"}}</code>. Authenticated routes take <code>Authorization: Bearer &lt;access token&gt;</code>.</p>
${sections}
</body></html>`;
}

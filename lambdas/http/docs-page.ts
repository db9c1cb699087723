/**
 * The API reference page: Scalar's renderer (@scalar/api-reference's standalone bundle, served by
 * this API at /docs/api-reference.js) reading /openapi.json. No inline script and nothing from
 * another origin: the configuration rides on a data attribute, and DOCS_CSP allows only this origin.
 */
import { escapeHtml } from '#shared/html.js';

export const DOCS_SCRIPT_PATH = '/docs/api-reference.js';

/**
 * Scripts, fetches (the document, try-it) and images from this origin only; the renderer injects
 * its styles at run time, hence 'unsafe-inline' for styles (no script can use it).
 */
export const DOCS_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** Scalar's options: no web fonts, telemetry, AI agent or developer toolbar (each would reach scalar.com). */
const CONFIGURATION = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  hideClientButton: false,
  defaultOpenAllTags: false,
};

export function renderDocsPage(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<noscript>The API reference needs JavaScript; the document itself is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
<script id="api-reference" type="application/json" data-url="/openapi.json" data-configuration="${escapeHtml(JSON.stringify(CONFIGURATION))}"></script>
<script src="${DOCS_SCRIPT_PATH}"></script>
</body></html>`;
}

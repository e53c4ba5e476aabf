/** The interactive API reference at /docs: Swagger UI served from the swagger-ui-dist package (no CDN). */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sentinel API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true,
  tryItOutEnabled: true, displayRequestDuration: true });`;

/** Serves /docs and its assets; returns false when the path is not one of them. */
export function serveDocs(pathname: string, res: ServerResponse): boolean {
  if (pathname === '/docs' || pathname === '/docs/') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(PAGE);
    return true;
  }
  if (pathname === '/docs/init.js') {
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.end(INIT);
    return true;
  }
  const name = pathname.startsWith('/docs/') ? pathname.slice(6) : '';
  const type = ASSETS[name];
  if (!type) return false;
  const file = path.join(getAbsoluteFSPath(), name);
  if (!existsSync(file)) return false;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'public, max-age=3600');
  createReadStream(file).pipe(res);
  return true;
}

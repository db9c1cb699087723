import { readFileSync } from 'node:fs';
import path from 'node:path';
import { publicHttp } from '#http/public.js';
import { API_REFERENCE_SCRIPT, systemRoutes } from '../../routes/system.js';

/** Read once per container: in AWS next to the bundle (the route's `files`), locally from the repository root. */
const taskRoot = process.env.LAMBDA_TASK_ROOT;
const script = readFileSync(taskRoot ? path.join(taskRoot, path.basename(API_REFERENCE_SCRIPT)) : API_REFERENCE_SCRIPT, 'utf8');

export const handler = publicHttp(systemRoutes, 'GET /docs/api-reference.js', async () => ({
  body: script,
  rawContentType: 'text/javascript; charset=utf-8',
  headers: { 'cache-control': 'public, max-age=86400' },
}));

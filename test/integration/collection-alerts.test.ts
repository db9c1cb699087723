/**
 * Issue 15 item 5: a collection run that fails e-mails the admins (pt-BR) through the notifications
 * queue: the run's last page -> the run item's stream record -> the outbox's CollectionRunNeedsAttention
 * -> the bus -> the notifications queue -> the notifier, which finds the admins (the roster, or the
 * Cognito admin group) and writes to each once. A healthy run e-mails nobody.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminToken, api, eventually, type OutboxMessage } from '../helpers/api.js';
import { token } from '../helpers/catalog.js';

let admin: string;
let server: Server;
let site: string;

beforeAll(async () => {
  admin = await adminToken();
  server = createServer((req, res) => {
    if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (req.url?.startsWith('/quebrada/')) return void res.writeHead(500).end('erro');
    const ld = { '@context': 'https://schema.org', '@type': 'Product', name: `Chaleira ${req.url}`, offers: { '@type': 'Offer', price: '89.90', priceCurrency: 'BRL' } };
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function runToEnd(startUrls: string[]): Promise<{ runId: string; status: string }> {
  const source = await api('POST', '/admin/collection/sources', {
    token: admin, body: { name: `Alerta ${token()}`, schedule: 'rate(1 day)', maxPages: 10, enabled: false, startUrls },
  });
  expect(source.status).toBe(201);
  const started = await api('POST', `/admin/collection/sources/${source.body.id}/runs`, { token: admin });
  expect(started.status).toBe(202);
  return eventually(async () => ((await api('GET', `/admin/collection/sources/${source.body.id}/runs`, { token: admin })).body.items as { runId: string; status: string }[])
    .find((r) => r.runId === started.body.runId && r.status !== 'RUNNING'), 90_000, 300);
}

const alertsAbout = async (runId: string): Promise<OutboxMessage[]> =>
  ((await api('GET', `/_local/outbox?type=collection-run-attention&to=${encodeURIComponent(process.env.ADMIN_EMAIL ?? '')}`)).body.items as OutboxMessage[])
    .filter((m) => m.body.includes(runId));

it('a run whose pages all fail e-mails the admin once, in pt-BR, with its figures and first errors', async () => {
  const run = await runToEnd([`${site}/quebrada/1`, `${site}/quebrada/2`]);
  expect(run.status).toBe('FAILED');
  const [mail, ...more] = await eventually(async () => {
    const found = await alertsAbout(run.runId);
    return found.length ? found : undefined;
  }, 60_000, 500);
  expect(more).toEqual([]);
  expect(mail.subject).toBe('Coleta de produtos com problema: todas as páginas falharam');
  expect(mail.body).toContain('Páginas com erro: 2 (100%)');
  expect(mail.body).toContain(`${site}/quebrada/`);
});

it('a healthy run e-mails nobody', async () => {
  const good = await runToEnd([`${site}/ok/1`, `${site}/ok/2`]);
  expect(good.status).toBe('SUCCEEDED');
  // A failing run after it: once its e-mail is there, the healthy run's event (earlier on the same path) had its turn.
  const bad = await runToEnd([`${site}/quebrada/3`]);
  await eventually(async () => ((await alertsAbout(bad.runId)).length ? true : undefined), 60_000, 500);
  expect(await alertsAbout(good.runId)).toEqual([]);
});

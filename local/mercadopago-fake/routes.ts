/** The fake's routes: one table of method, path pattern and handler, and the request listener that serves it. */
import type { IncomingMessage, RequestListener } from 'node:http';
import { createCardToken, getCardToken } from './card-tokens.js';
import { errorReply, HttpError, parseJson, readBody, type Reply, send } from './http.js';
import { cancelPayment, createPayment, getPayment } from './payments.js';
import { createRefund } from './refunds.js';
import { CORS_HEADERS, fieldPage, sdkScript, searchPaymentMethods } from './sdk.js';
import type { FakeState } from './state.js';

interface Route {
  method: string;
  /** Matched against the whole path; its one group, if any, is the resource id ('' without one). */
  path: RegExp;
  handle(state: FakeState, req: IncomingMessage, body: Record<string, unknown>, id: string): Reply | Promise<Reply>;
}

const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/v1\/card_tokens$/, handle: (state, req, body) => createCardToken(state, req, body) },
  { method: 'GET', path: /^\/v1\/card_tokens\/([^/]+)$/, handle: (state, req, _body, id) => getCardToken(state, req, id) },
  { method: 'POST', path: /^\/v1\/payments$/, handle: (state, req, body) => createPayment(state, req, body) },
  { method: 'GET', path: /^\/v1\/payments\/([^/]+)$/, handle: (state, req, _body, id) => getPayment(state, req, id) },
  { method: 'PUT', path: /^\/v1\/payments\/([^/]+)$/, handle: (state, req, body, id) => cancelPayment(state, req, id, body) },
  { method: 'POST', path: /^\/v1\/payments\/([^/]+)\/refunds$/, handle: (state, req, body, id) => createRefund(state, req, id, body) },
  // The browser SDK (sdk.ts): its script, the Secure Fields' pages, and the payment-method lookup the page makes.
  { method: 'GET', path: /^\/js\/v2$/, handle: (state) => ({ status: 200, body: null, text: { contentType: 'text/javascript; charset=utf-8', value: sdkScript(state) } }) },
  { method: 'GET', path: /^\/secure-fields\/([A-Za-z]+)$/, handle: (state, req, _body, type) => ({ status: 200, body: null, text: { contentType: 'text/html; charset=utf-8', value: fieldPage(state, type, req) } }) },
  { method: 'GET', path: /^\/v1\/payment_methods\/search$/, handle: (state, req) => ({ ...searchPaymentMethods(state, req), headers: CORS_HEADERS }) },
];

/** Serves every request with the JSON reply of its route, or MP's error body. */
export function requestListener(state: FakeState): RequestListener {
  return (req, res) => {
    state.requests++;
    route(state, req).then(
      (reply) => send(res, reply),
      (error: unknown) => send(res, errorReply(error)),
    );
  };
}

async function route(state: FakeState, req: IncomingMessage): Promise<Reply> {
  const { pathname } = new URL(req.url ?? '/', 'http://fake');
  const method = req.method ?? 'GET';
  const body = method === 'POST' || method === 'PUT' ? parseJson(await readBody(req)) : {};
  if (state.failures.remaining > 0) {
    state.failures.remaining--;
    throw new HttpError(state.failures.status, 'simulated outage', [{ code: 'internal_error', description: 'fake-only' }]);
  }
  for (const { method: routeMethod, path, handle } of ROUTES) {
    const match = method === routeMethod ? path.exec(pathname) : null;
    if (match) return handle(state, req, body, match[1] ?? '');
  }
  throw new HttpError(404, 'resource not found', [{ code: 'not_found', description: `${method} ${pathname}` }]);
}

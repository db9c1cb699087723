/**
 * A local stand-in for the documented subset of Mercado Pago's REST API that our adapter uses
 * (docs/mercadopago.md lists the sources). It is an HTTP server, so the real adapter code runs
 * against it unchanged: tests start it on port 0, the local stack can point
 * MERCADOPAGO_BASE_URL at it.
 *
 *   POST /v1/card_tokens            what MP.js / Bricks do in the browser (public_key or Bearer)
 *   GET  /v1/card_tokens/{id}       token details (first six / last four digits)
 *   POST /v1/payments               Pix or card; X-Idempotency-Key required
 *   GET  /v1/payments/{id}
 *   POST /v1/payments/{id}/refunds  X-Idempotency-Key required; approved payments only
 *
 * Card outcomes: 4000000000000002 is declined with cc_rejected_insufficient_amount, and MP's
 * test-cardholder names decide the rest (APRO approved, OTHE/FUND/SECU/EXPI/FORM/CALL declined,
 * CONT pending); anything else valid is approved. Pix payments stay pending until `approvePix`,
 * which also delivers a signed webhook through `notify`.
 *
 * This module is the fake's entry point; local/mercadopago-fake/ holds its parts: state.ts (the
 * resources and the in-memory state), routes.ts (the route table), card-tokens.ts, payments.ts and
 * refunds.ts (one resource each), webhooks.ts (Pix approval and its webhook), http.ts and values.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestListener } from './mercadopago-fake/routes.js';
import { createState, type FakeDelivery, type FakePayment, type FakeState, type MercadoPagoFakeOptions, refresh } from './mercadopago-fake/state.js';
import { approvePix } from './mercadopago-fake/webhooks.js';

export type { FakeDelivery, FakePayment, MercadoPagoFakeOptions };

export interface MercadoPagoFake {
  baseUrl: string;
  stop(): Promise<void>;
  /** Marks a pending Pix payment approved and delivers a signed `payment.updated` webhook. */
  approvePix(providerPaymentId: string): Promise<FakeDelivery>;
  /** Every payment created so far (copies). */
  payments(): FakePayment[];
  /** Every webhook delivery made so far. */
  deliveries(): FakeDelivery[];
  /** The next `count` API requests answer with `status` (500 by default): simulates an outage. */
  failNext(count?: number, status?: number): void;
  /** Number of API requests received (all routes). */
  requestCount(): number;
}

export async function startMercadoPagoFake(options: MercadoPagoFakeOptions): Promise<MercadoPagoFake> {
  const state = createState(options);
  const server = createServer(requestListener(state));
  state.baseUrl = await listen(server, options.port ?? 0);
  return controls(state, server);
}

/** Listens on 127.0.0.1 and returns the server's base URL. */
async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function controls(state: FakeState, server: Server): MercadoPagoFake {
  return {
    baseUrl: state.baseUrl,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    approvePix: (providerPaymentId) => approvePix(state, providerPaymentId),
    payments: () => [...state.payments.values()].map((payment) => structuredClone(refresh(state, payment))),
    deliveries: () => [...state.deliveries],
    failNext(count = 1, status = 500) {
      state.failures = { remaining: count, status };
    },
    requestCount: () => state.requests,
  };
}

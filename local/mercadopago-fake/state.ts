/** The fake's resources (MP's field names) and the in-memory state one fake server keeps. */
import type { CardBrand } from '../../lambdas/domain/payments/card.js';
import { HttpError } from './http.js';
import { mpDate } from './values.js';

export interface FakeDelivery {
  /** notification_url given when the payment was created, if any. */
  url?: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface MercadoPagoFakeOptions {
  port?: number;
  webhookSecret: string;
  accessToken: string;
  /** The only public key `POST /v1/card_tokens?public_key=` and the browser SDK accept. @default any */
  publicKey?: string;
  notify?: (delivery: FakeDelivery) => Promise<void>;
  /** Clock for expiry and signatures (defaults to Date.now). */
  now?: () => number;
  /** Receiver shown in the Pix BR Code. */
  merchant?: { pixKey: string; name: string; city: string };
}

export interface FakeRefund {
  id: number;
  payment_id: number;
  amount: number;
  source: { id: string; name: string; type: string };
  date_created: string;
  status: 'approved';
  unique_sequence_number: null;
}

/** The MP payment resource, as much of it as the fake models. */
export interface FakePayment {
  id: number;
  date_created: string;
  date_approved: string | null;
  date_last_updated: string;
  date_of_expiration: string | null;
  status: 'pending' | 'approved' | 'in_process' | 'rejected' | 'cancelled' | 'refunded';
  status_detail: string;
  currency_id: 'BRL';
  transaction_amount: number;
  transaction_amount_refunded: number;
  description: string | null;
  payment_method_id: string;
  payment_type_id: 'bank_transfer' | 'credit_card';
  external_reference: string | null;
  metadata: Record<string, unknown>;
  installments: number;
  notification_url: string | null;
  payer: { email: string | null };
  card: { first_six_digits: string; last_four_digits: string; expiration_month: number; expiration_year: number; cardholder: { name: string } } | Record<string, never>;
  point_of_interaction: { type: 'PIX'; transaction_data: { qr_code: string; qr_code_base64: string; ticket_url: string } } | Record<string, never>;
  refunds: FakeRefund[];
}

export interface CardToken {
  id: string;
  first_six_digits: string;
  last_four_digits: string;
  expiration_month: number;
  expiration_year: number;
  cardholder: { name: string; identification: Record<string, unknown> };
  status: 'active';
  date_created: string;
  date_last_updated: string;
  date_due: string;
  luhn_validation: true;
  live_mode: false;
  require_esc: false;
  card_number_length: number;
  security_code_length: number;
  /** Fake-only: used to decide the outcome. Never returned. */
  brand: CardBrand;
  number: string;
}

/** Everything one fake server knows: its options, resources, idempotency keys and counters. */
export interface FakeState {
  readonly options: MercadoPagoFakeOptions;
  readonly now: () => number;
  readonly merchant: { pixKey: string; name: string; city: string };
  /** The server's URL, set once it listens (Pix ticket URLs point at it). */
  baseUrl: string;
  readonly payments: Map<number, FakePayment>;
  readonly tokens: Map<string, CardToken>;
  readonly paymentKeys: Map<string, { fingerprint: string; paymentId: Promise<number> }>;
  readonly refundKeys: Map<string, { fingerprint: string; refund: FakeRefund }>;
  readonly deliveries: FakeDelivery[];
  nextPaymentId: number;
  nextRefundId: number;
  nextNotificationId: number;
  /** Requests still to fail with `status` (failNext). */
  failures: { remaining: number; status: number };
  requests: number;
}

export function createState(options: MercadoPagoFakeOptions): FakeState {
  return {
    options,
    now: options.now ?? Date.now,
    merchant: options.merchant ?? { pixKey: 'b3a1f0e2-7c4d-4e59-9a6b-2f8d1c0e5a47', name: 'Loja Exemplo', city: 'Sao Paulo' },
    baseUrl: '',
    payments: new Map(),
    tokens: new Map(),
    paymentKeys: new Map(),
    refundKeys: new Map(),
    deliveries: [],
    nextPaymentId: 1_320_000_000 + Math.floor(Math.random() * 1_000_000),
    nextRefundId: 2_400_000_000,
    nextNotificationId: 110_000_000_000,
    failures: { remaining: 0, status: 500 },
    requests: 0,
  };
}

/** A pending Pix past its date_of_expiration is cancelled with status_detail "expired". */
export function refresh(state: FakeState, payment: FakePayment): FakePayment {
  if (payment.status === 'pending' && payment.date_of_expiration !== null && Date.parse(payment.date_of_expiration) <= state.now()) {
    payment.status = 'cancelled';
    payment.status_detail = 'expired';
    payment.date_last_updated = mpDate(state.now());
  }
  return payment;
}

export function findPayment(state: FakeState, id: string): FakePayment {
  const payment = /^\d+$/.test(id) ? state.payments.get(Number(id)) : undefined;
  if (!payment) throw new HttpError(404, 'Payment not found', [{ code: 2000, description: 'Payment not found' }]);
  return refresh(state, payment);
}

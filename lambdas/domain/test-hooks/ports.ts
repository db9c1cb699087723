/**
 * Test-stage hooks (docs/testing.md): what a black-box test plays instead of a payer's bank and a
 * carrier's truck. Implemented by the sandbox payment gateway and the sandbox carrier; deployed only
 * to stages marked as test stages, never to production.
 */
import type { TrackingCode } from '../logistics/ports.js';
import type { ProviderStatus, WebhookRequest } from '../payments/ports.js';
import type { CarrierWebhookRequest } from '../logistics/ports.js';

export interface SandboxPayer {
  /** The payer pays a sandbox Pix charge: the signed webhook the sandbox would deliver, or undefined when it holds no such charge. */
  payPix(paymentId: string): Promise<{ status: ProviderStatus; delivery: WebhookRequest } | undefined>;
  /** The sandbox's client-side tokenisation (the number is validated, then forgotten). */
  tokenizeCard(card: { number: string; expMonth: number; expYear: number; cvc: string; holder: string }): Promise<{ cardToken: string; brand: string; lastFour: string }>;
}

export interface SandboxCarrierPlayer {
  /** The signed tracking webhook the sandbox carrier would deliver for one of our shipments, or undefined when it holds no such shipment. */
  trackingEvent(shipmentId: string, event: { code: TrackingCode; location?: string }): Promise<CarrierWebhookRequest | undefined>;
}

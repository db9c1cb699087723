/**
 * Test-stage hooks: a test plays the payer and the carrier through the sandbox adapters, and the
 * signed webhook each would send is handled by the very use case the public webhook route runs
 * (signature, deduplication, re-fetch from the provider), in-process: no hop back through the
 * public URL, which behind CloudFront only answers with its origin header.
 */
import { NotFoundError } from '#shared/errors.js';
import { handleTrackingWebhook, type LogisticsDeps, type TrackingOutcome } from '../logistics/use-cases.js';
import { handleWebhook, type PaymentDeps } from '../payments/use-cases.js';
import type { TrackingCode } from '../logistics/ports.js';
import type { SandboxCarrierPlayer, SandboxPayer } from './ports.js';

export async function payPixInSandbox(
  deps: { payer: SandboxPayer; payments: PaymentDeps },
  paymentId: string,
  correlationId: string,
): Promise<{ status: string; outcome: string }> {
  if (deps.payments.provider.name !== 'sandbox') throw new NotFoundError('Sandbox payment gateway');
  const paid = await deps.payer.payPix(paymentId);
  if (!paid) throw new NotFoundError('Sandbox Pix charge');
  const { outcome } = await handleWebhook(deps.payments, paid.delivery, correlationId);
  return { status: paid.status, outcome };
}

export async function tokenizeSandboxCard(
  deps: { payer: SandboxPayer },
  card: Parameters<SandboxPayer['tokenizeCard']>[0],
): Promise<{ cardToken: string; brand: string; lastFour: string }> {
  return deps.payer.tokenizeCard(card);
}

export async function playSandboxTrackingEvent(
  deps: { player: SandboxCarrierPlayer; tracking: Pick<LogisticsDeps, 'carrier' | 'shipments' | 'orders' | 'now'> },
  input: { shipmentId: string; code: TrackingCode; location?: string },
  correlationId: string,
): Promise<{ outcome: TrackingOutcome }> {
  if (deps.tracking.carrier.name !== 'sandbox') throw new NotFoundError('Sandbox carrier');
  const delivery = await deps.player.trackingEvent(input.shipmentId, { code: input.code, location: input.location });
  if (!delivery) throw new NotFoundError('Sandbox shipment');
  const { outcome } = await handleTrackingWebhook(deps.tracking, delivery, correlationId);
  return { outcome };
}

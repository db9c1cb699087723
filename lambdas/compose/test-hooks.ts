/**
 * The test-stage hooks' adapters: the sandbox gateway plays the payer, the sandbox carrier its
 * trucks. Only the handlers under lambdas/handlers/test-hooks/ import this module.
 */
import { sandboxTrackingEvent } from '#adapters/logistics/sandbox.js';
import { sandboxPayPix, sandboxTokenizeCard } from '#adapters/payments/sandbox.js';
import type { SandboxCarrierPlayer, SandboxPayer } from '#domain/test-hooks/ports.js';
import { clock } from '#shared/clock.js';

export const sandboxPayer: SandboxPayer = {
  async payPix(paymentId) {
    const paid = await sandboxPayPix(paymentId, Date.now(), clock.now());
    return paid && { status: paid.status, delivery: paid.delivery };
  },
  tokenizeCard: (card) => sandboxTokenizeCard(card, new Date()),
};

export const sandboxCarrierPlayer: SandboxCarrierPlayer = {
  async trackingEvent(shipmentId, event) {
    const delivery = await sandboxTrackingEvent(shipmentId, { code: event.code, at: clock.now(), location: event.location }, Date.now());
    return delivery && { headers: delivery.headers, rawBody: delivery.body };
  },
};

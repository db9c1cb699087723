import * as z from '#shared/zod.js';
import { TRACKING_CODES } from '../logistics/ports.js';

export const TestStage = z.object({ emailDomain: z.string() });

const id = z.string().check(z.minLength(1), z.maxLength(100));

export const SandboxCardBody = z.object({
  number: z.string().check(z.minLength(12), z.maxLength(23)),
  expMonth: z.number().check(z.int(), z.minimum(1), z.maximum(12)),
  expYear: z.number().check(z.int(), z.minimum(0), z.maximum(9999)),
  cvc: z.string().check(z.regex(/^\d{3,4}$/)),
  holder: z.string().check(z.minLength(1), z.maxLength(100)),
});
export const SandboxCardToken = z.object({ cardToken: z.string(), brand: z.string(), lastFour: z.string() });

export const SandboxPixPaymentBody = z.object({ paymentId: id });
export const SandboxPixPaid = z.object({ status: z.string(), outcome: z.string() });

export const SandboxTrackingEventBody = z.object({
  shipmentId: id,
  code: z.enum(TRACKING_CODES),
  location: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export const SandboxTrackingPlayed = z.object({ outcome: z.string() });

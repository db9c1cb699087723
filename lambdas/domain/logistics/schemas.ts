import * as z from '#shared/zod.js';
import { TRACKING_CODES } from './ports.js';

const positiveInt = (max: number) => z.number().check(z.int(), z.positive(), z.maximum(max));

export const Parcel = z.object({ weightGrams: positiveInt(30_000), heightCm: positiveInt(100), widthCm: positiveInt(100), lengthCm: positiveInt(100) });

export const CreateShipmentBody = z.object({
  carrier: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  service: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  packages: z.optional(z.array(Parcel).check(z.minLength(1), z.maxLength(10))),
});

const ShipmentEvent = z.object({ code: z.enum(TRACKING_CODES), description: z.string(), at: z.string(), location: z.nullable(z.string()) });

export const Shipment = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  carrier: z.string(),
  service: z.string(),
  trackingCode: z.nullable(z.string()),
  labelUrl: z.nullable(z.string()),
  status: z.string(),
  createdAt: z.string(),
  events: z.array(ShipmentEvent),
});

export const ShipmentList = z.object({ items: z.array(Shipment) });

export const CarrierParams = z.object({ carrier: z.string().check(z.minLength(1), z.maxLength(40)) });
export const TrackingWebhookBody = z.looseObject({});
export const TrackingAck = z.object({ received: z.literal(true), outcome: z.string() });

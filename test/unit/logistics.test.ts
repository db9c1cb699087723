import { CarrierRejectedError, CarrierSignatureError } from '#domain/logistics/ports.js';
import type { ShipmentEventRecord } from '#domain/logistics/records.js';
import { cancelOrderLabels, createShipment, handleTrackingWebhook, statusAfter, type LogisticsDeps } from '#domain/logistics/use-cases.js';

import { outboxEvent } from '#domain/outbox.js';
import { signCarrierWebhook, verifyCarrierSignature } from '#adapters/logistics/signature.js';
import { createMelhorEnvioCarrier, signMelhorEnvioWebhook } from '#adapters/logistics/melhorenvio.js';

describe('statusAfter: carrier events only move an order forward', () => {
  it('POSTED ships a PAID order, DELIVERED delivers a SHIPPED one', () => {
    expect(statusAfter('PAID', 'POSTED')).toBe('SHIPPED');
    expect(statusAfter('SHIPPED', 'DELIVERED')).toBe('DELIVERED');
  });
  it('moves nothing back or sideways', () => {
    expect(statusAfter('DELIVERED', 'POSTED')).toBeUndefined();
    expect(statusAfter('SHIPPED', 'POSTED')).toBeUndefined();
    expect(statusAfter('CANCELLED', 'DELIVERED')).toBeUndefined();
    expect(statusAfter('SHIPPED', 'IN_TRANSIT')).toBeUndefined();
    expect(statusAfter('SHIPPED', 'DELIVERY_FAILED')).toBeUndefined();
  });
});

describe('carrier webhook signature', () => {
  const secret = 'carrier-secret';
  const body = '{"eventId":"e1","code":"POSTED"}';
  const now = Date.UTC(2026, 10, 27, 13);
  it('accepts what it signed', () => {
    expect(() => verifyCarrierSignature(signCarrierWebhook(body, secret, now), body, secret, now + 1000)).not.toThrow();
  });
  it('refuses another body, another secret, a stale or missing signature', () => {
    const headers = signCarrierWebhook(body, secret, now);
    expect(() => verifyCarrierSignature(headers, body.replace('POSTED', 'DELIVERED'), secret, now)).toThrow(CarrierSignatureError);
    expect(() => verifyCarrierSignature(headers, body, 'other', now)).toThrow(CarrierSignatureError);
    expect(() => verifyCarrierSignature(headers, body, secret, now + 6 * 60_000)).toThrow(/stale/);
    expect(() => verifyCarrierSignature({}, body, secret, now)).toThrow(/Missing/);
    expect(() => verifyCarrierSignature({ 'x-carrier-signature': 'ts=1,v1=zz' }, body, secret, now)).toThrow(/Malformed/);
  });
});

describe('outbox: OrderOutForDelivery from a ShipmentEvent item', () => {
  const event = (code: ShipmentEventRecord['code']): ShipmentEventRecord => ({
    eventId: 'evt-9', shipmentId: 'S1', orderId: 'O1', customerId: 'C1', carrier: 'sandbox', trackingCode: 'SB123456789BR',
    code, description: 'Objeto saiu para entrega', at: '2026-11-27T13:00:00.000Z', location: null,
  });
  it('publishes a newly recorded OUT_FOR_DELIVERY once, with a deterministic id', () => {
    const published = outboxEvent({ entity: 'ShipmentEvent', ...event('OUT_FOR_DELIVERY') }, undefined);
    expect(published).toMatchObject({ name: 'OrderOutForDelivery', id: 'S1:evt-9', data: { orderId: 'O1', customerId: 'C1', carrier: 'sandbox', trackingCode: 'SB123456789BR' } });
    expect(outboxEvent({ entity: 'ShipmentEvent', ...event('OUT_FOR_DELIVERY') }, { entity: 'ShipmentEvent', ...event('OUT_FOR_DELIVERY') })).toBeUndefined();
  });
  it('publishes nothing for the other codes (POSTED and DELIVERED move the order, which publishes)', () => {
    for (const code of ['POSTED', 'IN_TRANSIT', 'DELIVERED', 'DELIVERY_FAILED'] as const) {
      expect(outboxEvent({ entity: 'ShipmentEvent', ...event(code) }, undefined)).toBeUndefined();
    }
  });
});

describe('createShipment on an order without a full address', () => {
  it('refuses an anonymised address before taking the slot or calling the carrier', async () => {
    const untouched = () => { throw new Error('must not be called'); };
    const order = { id: 'O1', status: 'PAID', customerId: 'C1', address: { city: 'Recife', state: 'PE', anonymisedAt: '2026-11-30T10:00:00Z' } };
    const deps = {
      orders: { get: async () => order }, shipments: { claimSlot: untouched }, carrier: { name: 'sandbox', createShipment: untouched },
      now: () => new Date(), newId: () => 'S1',
    } as unknown as LogisticsDeps;
    await expect(createShipment(deps, 'O1', {})).rejects.toMatchObject({ reason: 'conflict', code: 'ADDRESS_ANONYMISED' });
  });
});

describe('handleTrackingWebhook with a signed event that is not a tracking event', () => {
  it('answers ignored and reads or writes nothing (Melhor Envio\'s order.released, its registration ping)', async () => {
    const untouched = () => { throw new Error('must not be called'); };
    const carrier = createMelhorEnvioCarrier({ baseUrl: 'http://127.0.0.1:9', accessToken: 't', webhookSecret: 'app-secret', userAgent: 'x (y@example.com)' });
    const deps = { carrier, shipments: { findByCarrierId: untouched, recordEvent: untouched }, orders: { get: untouched, transition: untouched }, now: () => new Date() } as unknown as LogisticsDeps;
    for (const rawBody of [JSON.stringify({ event: 'order.released', data: { id: 'label-1', status: 'released' } }), JSON.stringify({ event: 'order.posted', data: {} })]) {
      await expect(handleTrackingWebhook(deps, { headers: signMelhorEnvioWebhook(rawBody, 'app-secret'), rawBody }, 'corr')).resolves.toEqual({ outcome: 'ignored' });
    }
    const forged = JSON.stringify({ event: 'order.posted', data: { id: 'label-1' } });
    await expect(handleTrackingWebhook(deps, { headers: signMelhorEnvioWebhook(forged, 'other'), rawBody: forged }, 'corr')).rejects.toMatchObject({ reason: 'unauthenticated' });
  });
});

describe('createShipment when the carrier refuses the request', () => {
  it('is a 400 with the carrier\'s fields, and frees the slot so a corrected request can buy', async () => {
    const order = {
      id: 'O2', status: 'PAID', customerId: 'C1', subtotalCents: 15_990, discountCents: 0, shipping: { service: 'Entrega padrão', minDays: 2, maxDays: 5, carrierService: null, source: 'table' },
      items: [{ sku: 'S', name: 'Cafeteira', quantity: 1, unitPriceCents: 15_990 }],
      address: { recipient: 'Ana', street: 'Rua A', number: '1', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ', cep: '20040002' },
    };
    const released: string[] = [];
    const deps = {
      orders: { get: async () => order },
      shipments: { claimSlot: async () => ({ ok: true }), release: async (s: { shipmentId: string }) => void released.push(s.shipmentId) },
      carrier: { name: 'melhorenvio', createShipment: async () => { throw new CarrierRejectedError('Melhor Envio refused the request: invalid data', [{ field: 'service', message: 'unknown service' }]); } },
      sender: { name: 'Loja', street: 'Rua B', number: '2', district: 'Centro', city: 'São Paulo', state: 'SP', cep: '01504001' },
      now: () => new Date(), newId: () => 'S2',
    } as unknown as LogisticsDeps;
    await expect(createShipment(deps, 'O2', {})).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'service', message: 'unknown service' }] });
    expect(released).toEqual(['S2']);
  });
});

describe('cancelOrderLabels (a PAID order being cancelled)', () => {
  type Stored = { shipmentId: string; status: string; carrierShipmentId: string | null };
  const setup = (stored: Stored[], events: Record<string, { code: string }[]> = {}, cancelAtCarrier: (id: string) => Promise<void> = async () => undefined) => {
    const carrierCancels: string[] = [];
    const deps = {
      carrier: async () => ({ name: 'sandbox', cancelShipment: async (id: string) => { carrierCancels.push(id); await cancelAtCarrier(id); } }),
      shipments: {
        listByOrder: async () => stored.map((shipment) => ({ shipment: { ...shipment }, events: events[shipment.shipmentId] ?? [] })),
        cancel: async (shipment: Stored) => {
          const found = stored.find((s) => s.shipmentId === shipment.shipmentId && s.status === 'ACTIVE');
          if (found) found.status = 'CANCELLED';
        },
      },
      now: () => new Date('2026-12-03T12:00:00Z'),
    } as unknown as Parameters<typeof cancelOrderLabels>[0];
    return { deps, carrierCancels };
  };

  it('cancels the active label at the carrier, then the shipment; a repeated cancellation calls the carrier no more', async () => {
    const stored = [{ shipmentId: 'S1', status: 'CANCELLED', carrierShipmentId: 'C-old' }, { shipmentId: 'S2', status: 'ACTIVE', carrierShipmentId: 'C-2' }];
    const { deps, carrierCancels } = setup(stored);
    await cancelOrderLabels(deps, 'O1');
    expect(carrierCancels).toEqual(['C-2']);
    expect(stored.map((s) => s.status)).toEqual(['CANCELLED', 'CANCELLED']);
    await cancelOrderLabels(deps, 'O1');
    expect(carrierCancels).toEqual(['C-2']);
  });

  it('leaves a slot still BUYING to its purchase (which cannot activate once the order is cancelled)', async () => {
    const { deps, carrierCancels } = setup([{ shipmentId: 'S1', status: 'BUYING', carrierShipmentId: null }]);
    await cancelOrderLabels(deps, 'O1');
    expect(carrierCancels).toEqual([]);
  });

  it('is 409 SHIPMENT_POSTED when a tracking event is recorded or the carrier refuses (it has the parcel), and cancels nothing', async () => {
    const tracked = [{ shipmentId: 'S1', status: 'ACTIVE', carrierShipmentId: 'C-1' }];
    const first = setup(tracked, { S1: [{ code: 'POSTED' }] });
    await expect(cancelOrderLabels(first.deps, 'O1')).rejects.toMatchObject({ reason: 'conflict', code: 'SHIPMENT_POSTED' });
    expect(first.carrierCancels).toEqual([]);
    const refused = [{ shipmentId: 'S1', status: 'ACTIVE', carrierShipmentId: 'C-1' }];
    const second = setup(refused, {}, async () => { throw new CarrierRejectedError('label is posted'); });
    await expect(cancelOrderLabels(second.deps, 'O1')).rejects.toMatchObject({ reason: 'conflict', code: 'SHIPMENT_POSTED' });
    expect(refused[0].status).toBe('ACTIVE');
  });

  it('is 503 when the carrier fails or does not answer, and the shipment stays ACTIVE for the retry', async () => {
    const stored = [{ shipmentId: 'S1', status: 'ACTIVE', carrierShipmentId: 'C-1' }];
    const { deps } = setup(stored, {}, async () => { throw new Error('Melhor Envio cancel answered HTTP 500'); });
    await expect(cancelOrderLabels(deps, 'O1')).rejects.toMatchObject({ reason: 'unavailable', code: 'SERVICE_UNAVAILABLE' });
    expect(stored[0].status).toBe('ACTIVE');
  });
});

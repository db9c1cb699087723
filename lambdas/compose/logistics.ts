import { ulid } from 'ulid';
import { orderRepository } from '#adapters/dynamodb/orders.js';
import { shipmentRepository } from '#adapters/dynamodb/shipments.js';
import { configuredCarrier } from '#adapters/logistics/carrier.js';
import { pdfLabelRenderer } from '#adapters/logistics/label.js';
import { s3LabelStore } from '#adapters/storage/labels.js';
import type { LogisticsDeps } from '#domain/logistics/use-cases.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';

/** The warehouse the labels name as sender (STORE_SENDER_CEP overrides the CEP). */
const SENDER = {
  name: 'Big E-Commerce', street: 'Rua Vergueiro', number: '1000', district: 'Liberdade', city: 'São Paulo', state: 'SP', cep: optionalEnv('STORE_SENDER_CEP') ?? '01504001',
  document: optionalEnv('STORE_SENDER_CNPJ') ?? null, phone: optionalEnv('STORE_SENDER_PHONE') ?? null, email: optionalEnv('STORE_SENDER_EMAIL') ?? null,
};

export async function logisticsDeps(): Promise<LogisticsDeps> {
  return {
    carrier: await configuredCarrier(),
    shipments: shipmentRepository,
    orders: orderRepository,
    labels: pdfLabelRenderer,
    labelStore: s3LabelStore,
    sender: SENDER,
    newId: ulid,
    now: clock.now,
  };
}

/** Listing signs label links only. */
export const listingDeps = { shipments: shipmentRepository, orders: orderRepository, labelStore: s3LabelStore };

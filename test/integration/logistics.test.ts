import { inflateSync } from 'node:zlib';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WebSocket } from 'ws';
import * as keys from '#adapters/dynamodb/keys.js';
import { adminToken, api, apiUrl, eventually, newCustomer } from '../helpers/api.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { client } from '../helpers/table.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** A customer's order paid by Pix through the sandbox gateway and its signed webhook. */
async function paidOrder() {
  const customer = await newCustomer();
  const addressId = await addressOf(customer);
  const { sku } = await stockedSku(admin, 5, 12_345);
  await fillCart(customer, [{ sku, quantity: 2 }]);
  const order = (await api('POST', '/orders', { token: customer.accessToken, body: { addressId } })).body;
  const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
  const paid = await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`);
  expect(paid.body.webhook.status).toBe(200);
  return { customer, order };
}

const ship = (orderId: string, body: Record<string, unknown> = {}) => api('POST', `/admin/orders/${orderId}/shipments`, { token: admin, body });
const play = (shipmentId: string, body: Record<string, unknown>) => api('POST', `/_local/sandbox/shipments/${shipmentId}/events`, { body });

/**
 * The barcode image the PDF embeds, decoded with ZXing: pdfkit stores bwip-js's RGBA PNG as an
 * RGB image XObject (Flate, 8 bits) plus an alpha SMask; the RGB samples become luminances.
 */
function decodeEmbeddedBarcode(page: import('pdf-lib').PDFPage): string {
  const xObjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
  if (!xObjects) throw new Error('The label embeds no image');
  const images = xObjects.entries().map(([, ref]) => page.doc.context.lookup(ref)).filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
  expect(images).toHaveLength(1);
  const image = images[0];
  const width = (image.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
  const height = (image.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
  expect(image.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceRGB'));
  expect(image.dict.get(PDFName.of('DecodeParms'))).toBeUndefined();
  const rgb = inflateSync(image.contents);
  expect(rgb.length).toBe(width * height * 3);
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < luminance.length; i++) luminance[i] = (rgb[i * 3] * 299 + rgb[i * 3 + 1] * 587 + rgb[i * 3 + 2] * 114) / 1000;
  const reader = new MultiFormatReader();
  reader.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]], [DecodeHintType.TRY_HARDER, true]]));
  const result = reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height))));
  expect(result.getBarcodeFormat()).toBe(BarcodeFormat.CODE_128);
  return result.getText();
}

describe('shipments', () => {
  it('buys a 10 × 15 cm label whose Code 128 barcode decodes to the tracking code, then sandbox events move the order to DELIVERED once', async () => {
    const { customer, order } = await paidOrder();
    const created = await ship(order.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ carrier: 'sandbox', status: 'LABEL_CREATED', orderId: order.id });
    const { shipmentId, trackingCode, labelUrl } = created.body;
    expect(trackingCode).toMatch(/^SB\d{9}BR$/);

    const pdfResponse = await fetch(labelUrl);
    expect(pdfResponse.status).toBe(200);
    const bytes = new Uint8Array(await pdfResponse.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width / 72 * 2.54).toBeCloseTo(10, 1);
    expect(height / 72 * 2.54).toBeCloseTo(15, 1);
    expect(decodeEmbeddedBarcode(pdf.getPage(0))).toBe(trackingCode);

    // One active shipment per order.
    const again = await ship(order.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SHIPMENT_EXISTS');

    // The customer's live-tracking socket (the realtime pusher maps ShipmentEvent items to `shipment.event`).
    const socket = new WebSocket(`${apiUrl().replace(/^http/, 'ws')}/ws?${new URLSearchParams({ token: customer.accessToken })}`);
    const pushed: { type: string; code?: string; orderId: string }[] = [];
    socket.on('message', (data) => pushed.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });

    const posted = await play(shipmentId, { code: 'POSTED', eventId: 'evt-posted-1' });
    expect(posted.body.webhook).toMatchObject({ status: 200, body: { outcome: 'recorded' } });
    const status = async () => (await api('GET', `/orders/${order.id}`, { token: customer.accessToken })).body;
    expect(await status()).toMatchObject({ status: 'SHIPPED', carrier: 'sandbox', trackingCode });

    // A replayed event (same id, signed anew) changes nothing.
    const replay = await play(shipmentId, { code: 'POSTED', eventId: 'evt-posted-1' });
    expect(replay.body.webhook).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });

    for (const code of ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      expect((await play(shipmentId, { code })).body.webhook.status).toBe(200);
    }
    // A late POSTED (another id) after delivery is recorded but moves nothing back.
    expect((await play(shipmentId, { code: 'POSTED' })).body.webhook.status).toBe(200);
    expect((await status()).status).toBe('DELIVERED');

    const tracking = (await api('GET', `/orders/${order.id}/tracking`, { token: customer.accessToken })).body;
    expect(tracking.events.map((e: { status: string; code?: string }) => e.code ?? e.status)).toEqual([
      'PENDING_PAYMENT', 'PAID', 'POSTED', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERED', 'POSTED',
    ]);
    expect(tracking.events.filter((e: { status: string; code?: string }) => !e.code).map((e: { status: string }) => e.status))
      .toEqual(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED']);

    const listed = (await api('GET', `/admin/orders/${order.id}/shipments`, { token: admin })).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0].events.map((e: { code: string }) => e.code)).toEqual(['POSTED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'POSTED']);

    const shipmentPushes = () => pushed.filter((m) => m.type === 'shipment.event' && m.orderId === order.id).map((m) => m.code);
    await eventually(async () => (shipmentPushes().length >= 5 ? true : undefined));
    expect(shipmentPushes().sort()).toEqual(['DELIVERED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'POSTED', 'POSTED']);
    socket.close();

    // The customer hears about it: shipped, out for delivery (published from the tracking event) and delivered.
    const outbox = async (type: string) => (await api('GET', `/_local/outbox?to=${encodeURIComponent(customer.email)}&type=${type}`)).body.items as unknown[];
    for (const type of ['order-shipped', 'order-out-for-delivery', 'order-delivered']) {
      await eventually(async () => ((await outbox(type)).length === 1 ? true : undefined));
    }
  });

  it('buys one label when admins fire ten concurrent purchases for the same order', async () => {
    const { order } = await paidOrder();
    const answers = await Promise.all(Array.from({ length: 10 }, () => ship(order.id)));
    const created = answers.filter((a) => a.status === 201);
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error.code === 'SHIPMENT_EXISTS'))).toBe(true);
    expect(created.length).toBeGreaterThanOrEqual(1);
    // Requests that found the slot still BUYING resumed the same purchase: one shipment, one tracking code.
    expect(new Set(created.map((a) => a.body.shipmentId)).size).toBe(1);
    expect(new Set(created.map((a) => a.body.trackingCode)).size).toBe(1);
    const listed = (await api('GET', `/admin/orders/${order.id}/shipments`, { token: admin })).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ shipmentId: created[0].body.shipmentId, status: 'LABEL_CREATED' });
  });

  it('refuses a forged signature with 401 and changes nothing', async () => {
    const { customer, order } = await paidOrder();
    const { shipmentId } = (await ship(order.id)).body;
    const captured = (await play(shipmentId, { code: 'IN_TRANSIT' })).body.delivery;
    const forgedBody = JSON.stringify({ ...captured.body, eventId: 'forged-1', code: 'DELIVERED' });
    const send = (headers: Record<string, string>, body: string) => fetch(`${apiUrl()}/webhooks/carriers/sandbox`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await send(captured.headers, forgedBody)).status).toBe(401);
    expect((await send({}, forgedBody)).status).toBe(401);
    expect((await send({ 'x-carrier-signature': `ts=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, forgedBody)).status).toBe(401);
    expect((await api('GET', `/orders/${order.id}`, { token: customer.accessToken })).body.status).toBe('PAID');
  });

  it('refuses a shipment for an unpaid order (409) and an unknown order (404)', async () => {
    const customer = await newCustomer();
    const addressId = await addressOf(customer);
    const { sku } = await stockedSku(admin, 5);
    await fillCart(customer, [{ sku, quantity: 1 }]);
    const order = (await api('POST', '/orders', { token: customer.accessToken, body: { addressId } })).body;
    const refused = await ship(order.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ORDER_NOT_PAID');
    expect((await ship('01JUNKNOWNORDER000000000000')).status).toBe(404);
    expect((await api('GET', `/admin/orders/${order.id}/shipments`, { token: admin })).body.items).toEqual([]);
  });

  /** The sandbox carrier's own record of a label (the carrier's side, not ours). */
  const carrierLabel = async (shipmentId: string) => (await client().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: keys.sandboxShipment(`sbxs_${shipmentId}`), ConsistentRead: true }))).Item;

  it('cancelling a PAID order with a bought label cancels the label at the carrier once, even when two cancellations race', async () => {
    const { customer, order } = await paidOrder();
    const { shipmentId } = (await ship(order.id)).body;
    expect((await carrierLabel(shipmentId))?.status).not.toBe('cancelled');

    const answers = await Promise.all([
      api('DELETE', `/orders/${order.id}`, { token: customer.accessToken }),
      api('DELETE', `/orders/${order.id}`, { token: admin }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)?.body.status).toBe('CANCELLED');
    expect(answers.find((a) => a.status === 409)?.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await carrierLabel(shipmentId))?.status).toBe('cancelled');
    const listed = (await api('GET', `/admin/orders/${order.id}/shipments`, { token: admin })).body.items;
    expect(listed).toMatchObject([{ shipmentId, status: 'CANCELLED' }]);
    // A cancelled order gets no new label.
    const refused = await ship(order.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ORDER_NOT_PAID');
    // Cancelling again: the order's own 409, the label left as it is.
    expect((await api('DELETE', `/orders/${order.id}`, { token: admin })).status).toBe(409);
  });

  it('an order whose parcel the carrier has (posted, its webhook not arrived yet) or that shipped cannot be cancelled: 409, label and order unchanged', async () => {
    const { customer, order } = await paidOrder();
    const { shipmentId } = (await ship(order.id)).body;
    // The carrier took the parcel; its tracking webhook is late.
    await client().send(new UpdateCommand({
      TableName: process.env.TABLE_NAME, Key: keys.sandboxShipment(`sbxs_${shipmentId}`),
      UpdateExpression: 'SET #status = :posted', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':posted': 'posted' },
    }));
    const refused = await api('DELETE', `/orders/${order.id}`, { token: customer.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SHIPMENT_POSTED');
    expect((await api('GET', `/orders/${order.id}`, { token: customer.accessToken })).body.status).toBe('PAID');
    expect((await api('GET', `/admin/orders/${order.id}/shipments`, { token: admin })).body.items).toMatchObject([{ shipmentId, status: 'LABEL_CREATED' }]);

    // The webhook arrives: SHIPPED, and cancelling is the order's own 409.
    expect((await play(shipmentId, { code: 'POSTED' })).body.webhook.status).toBe(200);
    const shipped = await api('DELETE', `/orders/${order.id}`, { token: admin });
    expect(shipped.status).toBe(409);
    expect(shipped.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await carrierLabel(shipmentId))?.status).toBe('posted');
  });
});

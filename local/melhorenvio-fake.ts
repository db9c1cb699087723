/**
 * A local stand-in for the subset of Melhor Envio's REST API our carrier adapter uses
 * (docs/logistics.md "Melhor Envio" lists the public sources of each shape). An HTTP server, so
 * the real adapter runs against it unchanged; tests start it on port 0.
 *
 *   POST /api/v2/me/shipment/calculate   quote: one entry per service, `error` on those that cannot carry it
 *   POST /api/v2/me/cart                 a label in the cart (status pending), tags kept
 *   POST /api/v2/me/shipment/checkout    pays pending labels (released)
 *   POST /api/v2/me/shipment/generate    generates released labels (tracking code assigned)
 *   POST /api/v2/me/shipment/print       link to generated labels
 *   POST /api/v2/me/shipment/tracking    state of labels by id
 *   POST /api/v2/me/shipment/cancel      cancels labels not yet posted
 *   GET  /api/v2/me/orders/search?q=     labels whose id, protocol, tracking code or tag is q
 *
 * Every route wants `Authorization: Bearer <token>` (401 `{"message":"Unauthenticated."}`) and a
 * User-Agent; invalid data is ME's 422 `{message, errors: {field: [..]}}`. `post`/`deliver` move a
 * label and hand the signed webhook (`X-ME-Signature`) to `notify`; `failNext` and `delay` play outages.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signMelhorEnvioWebhook } from '#adapters/logistics/melhorenvio.js';

export interface MelhorEnvioFakeOptions {
  port?: number;
  accessToken: string;
  webhookSecret: string;
  notify?: (delivery: FakeMeDelivery) => Promise<void>;
}

export interface FakeMeDelivery {
  body: string;
  headers: Record<string, string>;
}

export interface FakeLabel {
  id: string;
  protocol: string;
  status: 'pending' | 'released' | 'generated' | 'posted' | 'delivered' | 'undelivered' | 'canceled';
  service_id: number;
  price: string;
  tags: { tag: string; url: string | null }[];
  tracking: string | null;
  created_at: string;
  paid_at: string | null;
  generated_at: string | null;
  posted_at: string | null;
  delivered_at: string | null;
  canceled_at: string | null;
  body: Record<string, unknown>;
}

export interface MelhorEnvioFake {
  baseUrl: string;
  stop(): Promise<void>;
  labels(): FakeLabel[];
  requestCount(): number;
  /** The next `count` requests answer `status` (500 by default); `path` limits it to one route (e.g. '/shipment/checkout'). */
  failNext(count?: number, status?: number, path?: string): void;
  /** Every answer waits this long (0 turns it off): a slow carrier. */
  delay(ms: number): void;
  post(id: string): Promise<FakeMeDelivery>;
  deliver(id: string): Promise<FakeMeDelivery>;
}

/** The services the fake sells, priced per kg like a small aggregator's table. */
const SERVICES = [
  { id: 1, name: 'PAC', company: { id: 1, name: 'Correios' }, base: 18.9, perKg: 4.5, min: 5, max: 8, maxKg: 30 },
  { id: 2, name: 'SEDEX', company: { id: 1, name: 'Correios' }, base: 29.9, perKg: 8.2, min: 1, max: 3, maxKg: 30 },
  { id: 3, name: '.Package', company: { id: 2, name: 'Jadlog' }, base: 21.5, perKg: 3.9, min: 4, max: 7, maxKg: 120 },
] as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

const meNow = () => new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const isCep = (v: unknown) => typeof v === 'string' && /^\d{8}$/.test(v);
const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(asRecord(JSON.parse(text)));
      } catch {
        reject(new HttpError(400, 'Malformed JSON'));
      }
    });
    req.on('error', reject);
  });
}

export async function startMelhorEnvioFake(options: MelhorEnvioFakeOptions): Promise<MelhorEnvioFake> {
  const labels = new Map<string, FakeLabel>();
  let requests = 0;
  let delayMs = 0;
  let failures = { remaining: 0, status: 500, path: undefined as string | undefined };
  let sequence = 0;

  const orderIds = (body: Record<string, unknown>) => {
    const ids = body.orders;
    if (!Array.isArray(ids) || ids.length === 0) throw new HttpError(422, 'The given data was invalid.', { orders: ['O campo orders é obrigatório.'] });
    return ids.map((id) => {
      const label = labels.get(String(id));
      if (!label) throw new HttpError(422, 'The given data was invalid.', { orders: [`Envio ${String(id)} não encontrado.`] });
      return label;
    });
  };

  function quote(body: Record<string, unknown>) {
    const errors: Record<string, string[]> = {};
    if (!isCep(asRecord(body.from).postal_code)) errors['from.postal_code'] = ['O campo from.postal_code deve ter 8 dígitos.'];
    if (!isCep(asRecord(body.to).postal_code)) errors['to.postal_code'] = ['O campo to.postal_code deve ter 8 dígitos.'];
    const items = (Array.isArray(body.products) ? body.products : Array.isArray(body.volumes) ? body.volumes : []).map(asRecord);
    if (items.length === 0) errors.products = ['Informe os produtos ou volumes.'];
    items.forEach((p, i) => {
      for (const key of ['width', 'height', 'length', 'weight']) if (!positive(p[key])) errors[`products.${i}.${key}`] = [`O campo products.${i}.${key} deve ser maior que 0.`];
    });
    if (Object.keys(errors).length) throw new HttpError(422, 'The given data was invalid.', errors);
    const kg = items.reduce((sum, p) => sum + (p.weight as number) * (typeof p.quantity === 'number' ? p.quantity : 1), 0);
    return SERVICES.map((s) =>
      kg > s.maxKg
        ? { id: s.id, name: s.name, company: s.company, error: 'Peso excedido para o serviço.' }
        : {
            id: s.id, name: s.name, price: (s.base + s.perKg * Math.ceil(kg)).toFixed(2), custom_price: (s.base + s.perKg * Math.ceil(kg)).toFixed(2), discount: '0.00', currency: 'R$',
            delivery_time: s.max, delivery_range: { min: s.min, max: s.max }, custom_delivery_time: s.max, custom_delivery_range: { min: s.min, max: s.max },
            packages: [{ format: 'box', weight: kg.toFixed(2) }], company: s.company,
          },
    );
  }

  function addToCart(body: Record<string, unknown>) {
    const errors: Record<string, string[]> = {};
    const service = SERVICES.find((s) => s.id === body.service);
    if (!service) errors.service = ['O serviço selecionado é inválido.'];
    for (const side of ['from', 'to'] as const) {
      const p = asRecord(body[side]);
      for (const key of ['name', 'address', 'number', 'city', 'state_abbr']) if (typeof p[key] !== 'string' || p[key] === '') errors[`${side}.${key}`] = [`O campo ${side}.${key} é obrigatório.`];
      if (!isCep(p.postal_code)) errors[`${side}.postal_code`] = [`O campo ${side}.postal_code deve ter 8 dígitos.`];
    }
    const volumes = Array.isArray(body.volumes) ? body.volumes.map(asRecord) : [];
    if (volumes.length === 0) errors.volumes = ['O campo volumes é obrigatório.'];
    if (Object.keys(errors).length || !service) throw new HttpError(422, 'The given data was invalid.', errors);
    const kg = volumes.reduce((sum, v) => sum + (typeof v.weight === 'number' ? v.weight : 0), 0);
    const tags = (Array.isArray(asRecord(body.options).tags) ? (asRecord(body.options).tags as unknown[]) : []).map(asRecord).map((t) => ({ tag: String(t.tag), url: typeof t.url === 'string' ? t.url : null }));
    const label: FakeLabel = {
      id: randomUUID(), protocol: `ORD-2026${String(++sequence).padStart(8, '0')}`, status: 'pending', service_id: service.id,
      price: (service.base + service.perKg * Math.ceil(kg)).toFixed(2), tags, tracking: null, created_at: meNow(),
      paid_at: null, generated_at: null, posted_at: null, delivered_at: null, canceled_at: null, body,
    };
    labels.set(label.id, label);
    return view(label);
  }

  const view = ({ body: _body, ...label }: FakeLabel) => ({ ...label, melhorenvio_tracking: label.tracking, self_tracking: label.tracking });

  async function route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const ok = (b: unknown, status = 200) => ({ status, body: b });
    if (method === 'POST' && path === '/shipment/calculate') return ok(quote(body));
    if (method === 'POST' && path === '/cart') return ok(addToCart(body), 201);
    if (method === 'POST' && path === '/shipment/checkout') {
      const batch = orderIds(body);
      const unpaid = batch.filter((l) => l.status !== 'pending');
      if (unpaid.length) throw new HttpError(422, 'Os envios selecionados não estão disponíveis para compra.', { orders: unpaid.map((l) => `Envio ${l.id} já foi pago.`) });
      for (const l of batch) Object.assign(l, { status: 'released', paid_at: meNow() });
      const total = batch.reduce((sum, l) => sum + Number(l.price), 0).toFixed(2);
      return ok({ purchase: { id: randomUUID(), protocol: `PUR-2026${String(++sequence).padStart(8, '0')}`, total, discount: 0, status: 'paid', paid_at: meNow(), orders: batch.map(view) } });
    }
    if (method === 'POST' && path === '/shipment/generate') {
      return ok(Object.fromEntries(orderIds(body).map((l) => {
        if (l.status !== 'released') return [l.id, { status: false, message: l.status === 'generated' ? 'O envio já está gerado' : 'O envio não está pago' }];
        Object.assign(l, { status: 'generated', generated_at: meNow(), tracking: `AA${String(100_000_000 + (++sequence % 900_000_000)).slice(0, 9)}BR` });
        return [l.id, { status: true, message: 'Envio gerado com sucesso' }];
      })));
    }
    if (method === 'POST' && path === '/shipment/print') {
      const batch = orderIds(body);
      if (batch.some((l) => l.status !== 'generated' && l.status !== 'posted')) throw new HttpError(422, 'Envios não gerados não podem ser impressos.');
      return ok({ url: `${baseUrl}/imprimir/${batch.map((l) => l.id).join(',')}` });
    }
    if (method === 'POST' && path === '/shipment/tracking') {
      return ok(Object.fromEntries(orderIds(body).map((l) => [l.id, { id: l.id, protocol: l.protocol, status: l.status, tracking: l.tracking, melhorenvio_tracking: l.tracking, created_at: l.created_at, paid_at: l.paid_at, generated_at: l.generated_at, posted_at: l.posted_at, delivered_at: l.delivered_at, canceled_at: l.canceled_at, expired_at: null }])));
    }
    if (method === 'POST' && path === '/shipment/cancel') {
      const requested = Array.isArray(body.orders) ? body.orders.map(asRecord) : [];
      return ok(Object.fromEntries(orderIds({ orders: requested.map((o) => o.id) }).map((l) => {
        const cancellable = l.status === 'pending' || l.status === 'released' || l.status === 'generated';
        if (cancellable) Object.assign(l, { status: 'canceled', canceled_at: meNow() });
        return [l.id, { canceled: cancellable }];
      })));
    }
    if (method === 'GET' && path === '/orders/search') {
      const q = query.get('q') ?? '';
      return ok([...labels.values()].filter((l) => l.id === q || l.protocol === q || l.tracking === q || l.tags.some((t) => t.tag === q)).map(view));
    }
    throw new HttpError(404, `No route ${method} ${path}`);
  }

  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v2\/me/, '');
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      const write = () => {
        if (res.writableEnded || res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (delayMs > 0) setTimeout(write, delayMs);
      else write();
    };
    (async () => {
      const body = await readBody(req);
      if (req.headers.authorization !== `Bearer ${options.accessToken}`) throw new HttpError(401, 'Unauthenticated.');
      if (!req.headers['user-agent']) throw new HttpError(400, 'User-Agent is required.');
      if (failures.remaining > 0 && (failures.path === undefined || failures.path === path)) {
        failures.remaining--;
        throw new HttpError(failures.status, 'Server Error');
      }
      return route(req.method ?? 'GET', path, url.searchParams, body);
    })().then(
      (reply) => send(reply.status, reply.body),
      (error: unknown) => send(error instanceof HttpError ? error.status : 500, error instanceof HttpError ? { message: error.message, ...(error.errors ? { errors: error.errors } : {}) } : { message: 'Server Error' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function move(id: string, status: 'posted' | 'delivered', event: string): Promise<FakeMeDelivery> {
    const label = labels.get(id);
    if (!label) throw new Error(`No label ${id}`);
    Object.assign(label, status === 'posted' ? { status, posted_at: meNow() } : { status, delivered_at: meNow() });
    const { body: _body, ...data } = label;
    const body = JSON.stringify({ event, data: { ...data, self_tracking: label.tracking, tracking_url: `https://melhorrastreio.com.br/${label.tracking}`, updated_at: meNow() } });
    const delivery = { body, headers: { 'content-type': 'application/json', ...signMelhorEnvioWebhook(body, options.webhookSecret) } };
    await options.notify?.(delivery);
    return delivery;
  }

  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    labels: () => [...labels.values()].map((l) => structuredClone(l)),
    requestCount: () => requests,
    failNext(count = 1, status = 500, path) {
      failures = { remaining: count, status, path };
    },
    delay(ms) {
      delayMs = ms;
    },
    post: (id) => move(id, 'posted', 'order.posted'),
    deliver: (id) => move(id, 'delivered', 'order.delivered'),
  };
}

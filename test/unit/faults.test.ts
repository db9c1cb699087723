import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { drawFault, faultSettings, InjectedFault, injectFaults, parseFaultSettings, setFaults, withFaults } from '#adapters/faults.js';
import { resilientProvider } from '#adapters/payments/resilient.js';
import { PaymentRejectedError, type PaymentProvider } from '#domain/payments/ports.js';
import { idempotency } from '#http/idempotency.js';
import { toHttpError } from '#http/responses.js';
import { ConflictError, ServiceUnavailableError } from '#shared/errors.js';

afterEach(() => setFaults(parseFaultSettings({ rate: 0 })));

describe('fault settings', () => {
  it('defaults to every target and half lost answers; refuses nonsense', () => {
    expect(parseFaultSettings({ rate: 0.2 })).toEqual({ rate: 0.2, timeoutShare: 0.5, targets: ['dynamodb', 'payments', 'events'] });
    expect(() => parseFaultSettings({ rate: 0.6 })).toThrow(/rate/);
    expect(() => parseFaultSettings({ rate: '0.2' })).toThrow(/rate/);
    expect(() => parseFaultSettings({ rate: 0.1, timeoutShare: 2 })).toThrow(/timeoutShare/);
    expect(() => parseFaultSettings({ rate: 0.1, targets: ['s3'] })).toThrow(/targets/);
    expect(() => parseFaultSettings({ rate: 0.1, seed: -1 })).toThrow(/seed/);
    expect(() => parseFaultSettings({ rate: 0.1, seed: 1.5 })).toThrow(/seed/);
  });

  it('draws nothing when off or for another target, and counts what it injects', () => {
    expect(drawFault('dynamodb', () => 0)).toBeUndefined();
    setFaults(parseFaultSettings({ rate: 0.2, timeoutShare: 0.5, targets: ['payments'] }));
    expect(drawFault('dynamodb', () => 0)).toBeUndefined();
    const draws = [0.1, 0.7, 0.1, 0.2, 0.3];
    const next = () => draws.shift() ?? 1;
    expect(drawFault('payments', next)).toBe('error');
    expect(drawFault('payments', next)).toBe('timeout');
    expect(drawFault('payments', next)).toBeUndefined();
    expect(faultSettings().injected.payments).toEqual({ error: 1, timeout: 1 });
  });

  it('with a seed, each target\'s n-th call meets the same fault in every run, whatever the other targets draw', () => {
    const run = (interleave: boolean) => {
      setFaults(parseFaultSettings({ rate: 0.2, timeoutShare: 0.5, seed: 117 }));
      return Array.from({ length: 40 }, () => {
        if (interleave) drawFault('dynamodb');
        return drawFault('payments');
      });
    };
    const first = run(false);
    expect(run(true)).toEqual(first);
    // The integration test relies on this seed's first two provider calls failing both ways.
    expect(first.slice(0, 2)).toEqual(['timeout', 'error']);
    setFaults(parseFaultSettings({ rate: 0.2, timeoutShare: 0.5, seed: 118 }));
    expect(Array.from({ length: 40 }, () => drawFault('payments'))).not.toEqual(first);
  });
});

describe('withFaults', () => {
  it('a refused call never runs; a lost answer runs and then fails', async () => {
    setFaults(parseFaultSettings({ rate: 0.5, timeoutShare: 0, targets: ['events'] }));
    let ran = 0;
    const call = async () => { ran++; return 'ok'; };
    const refused = await Promise.allSettled(Array.from({ length: 200 }, () => withFaults('events', call)));
    const failed = refused.filter((r) => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(0);
    expect(ran).toBe(200 - failed);

    setFaults(parseFaultSettings({ rate: 0.5, timeoutShare: 1, targets: ['events'] }));
    ran = 0;
    const lost = await Promise.allSettled(Array.from({ length: 200 }, () => withFaults('events', call)));
    expect(lost.some((r) => r.status === 'rejected' && (r.reason as InjectedFault).kind === 'timeout')).toBe(true);
    expect(ran).toBe(200);
  });

  it('on an SDK client, runs inside the retry loop: the SDK retries an injected fault as a real one', async () => {
    const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 3 });
    let attempts = 0;
    client.middlewareStack.add((next) => async (args) => { attempts++; return next(args); }, { step: 'finalizeRequest', name: 'countAttempts', priority: 'low' });
    injectFaults(client, 'dynamodb');
    setFaults(parseFaultSettings({ rate: 0.5, timeoutShare: 0, targets: ['dynamodb'] }));
    const always = jest.spyOn(Math, 'random').mockReturnValue(0.1);
    try {
      await expect(client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' } } }))).rejects.toBeInstanceOf(InjectedFault);
    } finally {
      always.mockRestore();
    }
    expect(attempts).toBe(3);
  });
});

describe('the payment provider under faults', () => {
  const payment = { providerPaymentId: 'p1', status: 'approved' } as never;
  const base = (createCard: PaymentProvider['createCard']): PaymentProvider => ({
    name: 'sandbox', createCard, createPix: jest.fn(), getPayment: jest.fn(), refund: jest.fn(), cancel: jest.fn(), verifyWebhook: jest.fn(),
  });
  const noSleep = async () => undefined;

  it('retries a lost answer with the same arguments (the same idempotency key)', async () => {
    const createCard = jest.fn().mockRejectedValueOnce(new InjectedFault('payments', 'timeout')).mockResolvedValueOnce(payment);
    const provider = resilientProvider(base(createCard), noSleep);
    await expect(provider.createCard({ idempotencyKey: 'create-1' } as never)).resolves.toBe(payment);
    expect(createCard.mock.calls).toEqual([[{ idempotencyKey: 'create-1' }], [{ idempotencyKey: 'create-1' }]]);
  });

  it('never retries a rejection, and gives up with 503 + Retry-After after three attempts', async () => {
    const rejected = jest.fn().mockRejectedValue(new PaymentRejectedError('bad token', 'cardToken'));
    await expect(resilientProvider(base(rejected), noSleep).createCard({} as never)).rejects.toBeInstanceOf(PaymentRejectedError);
    expect(rejected).toHaveBeenCalledTimes(1);
    const down = jest.fn().mockRejectedValue(Object.assign(new Error('HTTP 502'), { status: 502 }));
    const failure = await resilientProvider(base(down), noSleep).createCard({} as never).catch((e: unknown) => e);
    expect(down).toHaveBeenCalledTimes(3);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    const response = toHttpError(failure, 'c1');
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
  });
});

describe('HTTP answer to a dependency failure', () => {
  it('503 with Retry-After for a transient SDK-shaped failure; 500 for anything else', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
    expect(toHttpError(throttled, 'c1')).toMatchObject({ statusCode: 503, headers: { 'retry-after': '1' } });
    expect(JSON.parse(toHttpError(new InjectedFault('dynamodb', 'timeout'), 'c2').body as string).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(toHttpError(new TypeError('x is undefined'), 'c3').statusCode).toBe(500);
  });
});

describe('Idempotency-Key after a dependency failure', () => {
  const memoryStore = () => {
    const records = new Map<string, { requestHash: string; status: 'IN_PROGRESS' | 'COMPLETED'; response?: { status: number; body: unknown } }>();
    return {
      records,
      async begin(scope: string, requestHash: string) {
        const existing = records.get(scope);
        if (existing) return existing;
        records.set(scope, { requestHash, status: 'IN_PROGRESS' });
        return undefined;
      },
      async complete(scope: string, response: { status: number; body: unknown }) {
        records.set(scope, { ...(records.get(scope) as { requestHash: string }), status: 'COMPLETED', response });
      },
      async release(scope: string) {
        records.delete(scope);
      },
    };
  };
  const request = { headers: { 'idempotency-key': 'k1' }, routeKey: 'POST /orders', callerId: 'u1', fingerprint: { a: 1 } };

  it('a 503 frees the key, so the client\'s retry with the same key runs again; a 4xx replays', async () => {
    const store = memoryStore();
    const withKey = idempotency(store as never);
    await expect(withKey(request, async () => { throw new ServiceUnavailableError(); })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(store.records.size).toBe(0);
    await expect(withKey(request, async () => ({ status: 201, body: { id: 'o1' } }))).resolves.toMatchObject({ status: 201 });

    const refused = { ...request, headers: { 'idempotency-key': 'k2' } };
    await expect(withKey(refused, async () => { throw new ConflictError('CART_CHANGED', 'changed'); })).rejects.toBeInstanceOf(ConflictError);
    await expect(withKey(refused, async () => ({ status: 201, body: {} }))).resolves.toMatchObject({ status: 409, headers: { 'idempotent-replayed': 'true' } });
  });
});

/** The storefront's CSP and security headers (lib/storefront-headers.ts), shared by CloudFront and the local gateway. */
import { COLLECTED_IMAGE_SOURCES, contentSecurityPolicy, cspDirectives, headerFields, MERCADO_PAGO_SOURCES, productImageSources, runtimeConfigScript, storefrontHeaders } from '../../lib/storefront-headers.js';

const aws = {
  imageSources: productImageSources('https://media.example.net'),
  websocketOrigin: 'wss://abc123.execute-api.sa-east-1.amazonaws.com',
};
const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

test('allows only our origins, and Mercado Pago\'s script, API and card fields only with Mercado Pago', () => {
  const sandbox = contentSecurityPolicy({ ...aws, paymentProvider: 'sandbox' });
  const mercadoPago = contentSecurityPolicy({ ...aws, paymentProvider: 'mercadopago' });

  expect(directive(sandbox, 'script-src')).toBe("script-src 'self'");
  expect(directive(mercadoPago, 'script-src')).toBe(`script-src 'self' ${MERCADO_PAGO_SOURCES.script}`);
  expect(directive(sandbox, 'connect-src')).toBe("connect-src 'self' wss://abc123.execute-api.sa-east-1.amazonaws.com");
  expect(directive(mercadoPago, 'connect-src')).toBe(`connect-src 'self' wss://abc123.execute-api.sa-east-1.amazonaws.com ${MERCADO_PAGO_SOURCES.connect}`);
  expect(directive(sandbox, 'frame-src')).toBe("frame-src 'none'");
  expect(directive(mercadoPago, 'frame-src')).toBe(`frame-src ${MERCADO_PAGO_SOURCES.frame}`);
  expect(sandbox).not.toContain('mercadopago');
});

test('a locked-down baseline: no inline code, no plugins, no framing, no foreign base or form targets', () => {
  const csp = contentSecurityPolicy({ ...aws, paymentProvider: 'mercadopago' });
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/(^|\s)\*(\s|;|$)/);
  for (const expected of ["default-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
    expect(csp.split('; ')).toContain(expected);
  }
});

test('images: our own, the Pix QR code as data:, the media CDN and the collected marketplace images', () => {
  const csp = contentSecurityPolicy({ ...aws, paymentProvider: 'sandbox' });
  expect(directive(csp, 'img-src')).toBe(`img-src 'self' data: https://media.example.net ${COLLECTED_IMAGE_SOURCES.join(' ')}`);
});

test('an API on another origin is named in connect-src; repeated sources are listed once', () => {
  const directives = cspDirectives({ paymentProvider: 'sandbox', imageSources: [], apiOrigin: 'http://localhost:3000', websocketOrigin: 'ws://localhost:3000' });
  expect(directives.find(([name]) => name === 'connect-src')?.[1]).toEqual(["'self'", 'http://localhost:3000', 'ws://localhost:3000']);
  expect(contentSecurityPolicy({ paymentProvider: 'sandbox', imageSources: ['https:', 'https:'] })).toContain("img-src 'self' data: https:;");
});

test('the header fields the local gateway sends', () => {
  const fields = headerFields(storefrontHeaders({ ...aws, paymentProvider: 'sandbox' }));
  expect(fields).toEqual({
    'content-security-policy': contentSecurityPolicy({ ...aws, paymentProvider: 'sandbox' }),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': expect.stringContaining('camera=()'),
  });
});

test('the local Mercado Pago mode names its fake instead of MP\'s origins; config.js tells the app the gateway and public key', () => {
  const fake = 'http://127.0.0.1:4567';
  const csp = contentSecurityPolicy({ ...aws, paymentProvider: 'mercadopago', mercadoPagoSources: { script: fake, connect: fake, frame: fake } });
  expect(directive(csp, 'script-src')).toBe(`script-src 'self' ${fake}`);
  expect(directive(csp, 'frame-src')).toBe(`frame-src ${fake}`);
  expect(csp).not.toContain('mercadopago.com');
  const script = runtimeConfigScript({ websocketUrl: 'wss://ws.example', payments: { provider: 'mercadopago', publicKey: 'APP_USR-abc' } });
  const config: unknown = new Function('window', `${script}; return window.STORE_CONFIG;`)({});
  expect(config).toEqual({ websocketUrl: 'wss://ws.example', payments: { provider: 'mercadopago', publicKey: 'APP_USR-abc' } });
});

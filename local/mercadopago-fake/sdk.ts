/**
 * A fake of Mercado Pago's browser SDK (MercadoPago.js v2, `https://sdk.mercadopago.com/js/v2`), served by the
 * fake so the storefront's Mercado Pago card form runs locally, in a browser, without MP:
 *
 *   GET /js/v2                          the script: a global `MercadoPago` class with what the storefront uses
 *                                       (sdk-js docs/core-methods.md and docs/fields.md): `new MercadoPago(publicKey,
 *                                       {locale})`, `getPaymentMethods({bin})`, and the Secure Fields module
 *                                       `fields.create(type, options).mount(containerId)` / `.on(event, cb)` /
 *                                       `.unmount()` and `fields.createCardToken({cardholderName, identificationType,
 *                                       identificationNumber})`
 *   GET /secure-fields/{type}           one field's page, in an iframe on the fake's origin (MP's are on
 *                                       api-static.mercadopago.com): the page that embeds it cannot read what is typed
 *   GET /v1/payment_methods/search      `?public_key=&bins=`: the card's payment method and issuer (CORS: the page calls it)
 *
 * As with MP's Secure Fields, the card number, expiry and code stay in the iframes: on `createCardToken` the card
 * number's frame reads its sibling frames (same origin), posts them to `POST /v1/card_tokens?public_key=` itself,
 * and hands the page only the token response (id, first six and last four digits). The page learns the BIN (the
 * first 8 digits) from the `binChange` event, as with MP, to look up the payment method.
 *
 * Not modelled: styles, custom fonts, validityChange messages, installments and issuers lookups, device
 * fingerprinting (advancedFraudPrevention).
 */
import type { IncomingMessage } from 'node:http';
import { cardBrand, type CardBrand } from '../../lambdas/domain/payments/card.js';
import { HttpError, type Reply } from './http.js';
import type { FakeState } from './state.js';

export const FIELD_TYPES = ['cardNumber', 'securityCode', 'expirationDate', 'expirationMonth', 'expirationYear'] as const;
type FieldType = (typeof FIELD_TYPES)[number];

/**
 * MP's Brazilian test cards (MP "Cartões de teste": Mastercard 5031 4332 1540 6351, Visa 4235 6477 2802 5682,
 * Amex 3753 651535 56885, Elo 5067 7667 8388 8311; any future expiry, the cardholder name picks the outcome).
 * BIN 503143 is outside the Mastercard ranges `cardBrand` knows, so the fake names it.
 */
const TEST_BINS: Record<string, CardBrand> = { '503143': 'master' };

/** The card's brand as the fake's MP sees it: its test BINs, then the BIN ranges. */
export function fakeCardBrand(number: string): CardBrand {
  return TEST_BINS[number.slice(0, 6)] ?? cardBrand(number);
}

/** payment_methods/search results (fake issuer ids; MP's real ones vary by BIN). */
const METHODS: Record<Exclude<CardBrand, 'unknown'>, { name: string; issuer: { id: number; name: string }; cvc: number }> = {
  visa: { name: 'Visa', issuer: { id: 25, name: 'Visa' }, cvc: 3 },
  master: { name: 'Mastercard', issuer: { id: 24, name: 'Mastercard' }, cvc: 3 },
  amex: { name: 'American Express', issuer: { id: 310, name: 'American Express' }, cvc: 4 },
  elo: { name: 'Elo', issuer: { id: 687, name: 'Elo' }, cvc: 3 },
};

export const CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;

/** GET /v1/payment_methods/search?public_key=&bins= (what `getPaymentMethods({bin})` calls). */
export function searchPaymentMethods(state: FakeState, req: IncomingMessage): Reply {
  const url = new URL(req.url ?? '/', 'http://fake');
  checkPublicKey(state, url.searchParams.get('public_key'));
  const bin = url.searchParams.get('bins') ?? '';
  if (!/^\d{6,8}$/.test(bin)) throw new HttpError(400, 'bins must be 6 to 8 digits', [{ code: 'bad_request', description: 'bins' }]);
  const brand = fakeCardBrand(bin);
  const results = brand === 'unknown' ? [] : [{
    id: brand,
    name: METHODS[brand].name,
    payment_type_id: 'credit_card',
    status: 'active',
    processing_mode: 'aggregator',
    issuer: { ...METHODS[brand].issuer, default: true },
    settings: [{
      card_number: { length: brand === 'amex' ? 15 : 16, validation: 'standard' },
      security_code: { length: METHODS[brand].cvc, mode: 'mandatory', card_location: brand === 'amex' ? 'front' : 'back' },
      bin: { pattern: `^${bin.slice(0, 6)}`, installments_pattern: '', exclusion_pattern: '' },
    }],
  }];
  return { status: 200, body: { paging: { total: results.length, limit: 30, offset: 0 }, results } };
}

/** The fake's public key, when it was given one, is the only one accepted (MP answers 401 to an unknown key). */
export function checkPublicKey(state: FakeState, given: string | null): void {
  const expected = state.options.publicKey;
  if (!given || (expected !== undefined && given !== expected)) {
    throw new HttpError(401, 'invalid public_key', [{ code: 401, description: 'unauthorized' }]);
  }
}

export function sdkScript(state: FakeState): string {
  return `/* Local fake of MercadoPago.js v2 (local/mercadopago-fake/sdk.ts). Not Mercado Pago's code. */
(function () {
  'use strict';
  var ORIGIN = ${JSON.stringify(state.baseUrl)};
  var TYPES = ${JSON.stringify(FIELD_TYPES)};
  var nextId = 1;
  function MercadoPago(publicKey, options) {
    if (!(this instanceof MercadoPago)) throw new TypeError('MercadoPago must be called with new');
    if (typeof publicKey !== 'string' || publicKey === '') throw new Error('MercadoPago: a public key is required');
    var self = this;
    self.publicKey = publicKey;
    self.locale = (options && options.locale) || navigator.language;
    var mounted = {};
    var pending = {};
    window.addEventListener('message', function (event) {
      if (event.origin !== ORIGIN || !event.data || event.data.mpFake !== true) return;
      var data = event.data;
      if (data.kind === 'event') {
        var field = mounted[data.field];
        if (field) (field.handlers[data.event] || []).forEach(function (cb) { cb(Object.assign({ field: data.field }, data.payload || {})); });
      } else if (data.kind === 'cardToken' && pending[data.id]) {
        var p = pending[data.id];
        delete pending[data.id];
        if (data.error) p.reject(data.error); else p.resolve(data.result);
      }
    });
    self.fields = {
      create: function (type, fieldOptions) {
        if (TYPES.indexOf(type) < 0) throw new Error('MercadoPago.fields.create: unknown field type ' + type);
        var field = { type: type, handlers: {}, frame: null };
        field.mount = function (containerId) {
          var container = document.getElementById(containerId);
          if (!container) throw new Error('MercadoPago: no element with id ' + containerId);
          var query = new URLSearchParams({ placeholder: (fieldOptions && fieldOptions.placeholder) || '', label: (fieldOptions && fieldOptions.srLabel) || '', locale: self.locale, parent: location.origin });
          var frame = document.createElement('iframe');
          frame.name = 'mp-fake-' + type;
          frame.title = (fieldOptions && fieldOptions.srLabel) || type;
          frame.src = ORIGIN + '/secure-fields/' + type + '?' + query.toString();
          frame.setAttribute('frameborder', '0');
          frame.style.width = '100%';
          frame.style.height = '100%';
          frame.style.border = '0';
          frame.addEventListener('load', function () { (field.handlers.ready || []).forEach(function (cb) { cb({ field: type }); }); });
          container.appendChild(frame);
          field.frame = frame;
          mounted[type] = field;
          return field;
        };
        field.unmount = function () {
          if (field.frame && field.frame.parentNode) field.frame.parentNode.removeChild(field.frame);
          field.frame = null;
          delete mounted[type];
        };
        field.on = function (event, callback) { (field.handlers[event] = field.handlers[event] || []).push(callback); return field; };
        field.update = function () { return field; };
        return field;
      },
      createCardToken: function (nonPCIData) {
        var number = mounted.cardNumber;
        if (!number || !number.frame || !number.frame.contentWindow) return Promise.reject([{ code: 'E301', message: 'cardNumber field is not mounted' }]);
        var id = nextId++;
        return new Promise(function (resolve, reject) {
          pending[id] = { resolve: resolve, reject: reject };
          number.frame.contentWindow.postMessage({ mpFake: true, kind: 'createCardToken', id: id, publicKey: self.publicKey, nonPCIData: nonPCIData || {} }, ORIGIN);
        });
      },
      focus: function () {},
      blur: function () {},
    };
  }
  MercadoPago.prototype.getPaymentMethods = function (params) {
    var query = new URLSearchParams({ public_key: this.publicKey, bins: String((params && params.bin) || '') });
    return fetch(ORIGIN + '/v1/payment_methods/search?' + query.toString()).then(function (response) {
      return response.json().then(function (body) { if (!response.ok) throw body; return body; });
    });
  };
  window.MercadoPago = MercadoPago;
})();
`;
}

/** One Secure Field's page: an input, its events to the embedding page, and (card number) the tokenisation. */
export function fieldPage(state: FakeState, type: string, req: IncomingMessage): string {
  if (!(FIELD_TYPES as readonly string[]).includes(type)) throw new HttpError(404, 'unknown field', [{ code: 'not_found', description: type }]);
  const url = new URL(req.url ?? '/', 'http://fake');
  const attributes: Record<FieldType, string> = {
    cardNumber: 'inputmode="numeric" autocomplete="cc-number" maxlength="23"',
    securityCode: 'inputmode="numeric" autocomplete="cc-csc" maxlength="4"',
    expirationDate: 'inputmode="numeric" autocomplete="cc-exp" maxlength="7"',
    expirationMonth: 'inputmode="numeric" autocomplete="cc-exp-month" maxlength="2"',
    expirationYear: 'inputmode="numeric" autocomplete="cc-exp-year" maxlength="4"',
  };
  const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const label = url.searchParams.get('label') || type;
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>${escapeHtml(label)}</title>
<style>html,body{margin:0;height:100%;background:transparent}input{box-sizing:border-box;width:100%;height:100%;border:0;padding:0 .5rem;font:16px system-ui,sans-serif;color:#1a1a1a;background:transparent;outline:none}</style></head>
<body><input data-mp-field="${type}" aria-label="${escapeHtml(label)}" placeholder="${escapeHtml(url.searchParams.get('placeholder') ?? '')}" ${attributes[type as FieldType]}>
<script>
(function () {
  var ORIGIN = ${JSON.stringify(state.baseUrl)};
  var type = ${JSON.stringify(type)};
  var input = document.querySelector('input');
  var parentOrigin = ${JSON.stringify(url.searchParams.get('parent') ?? '')};
  var lastBin = null;
  function emit(event, payload) { if (parentOrigin) parent.postMessage({ mpFake: true, kind: 'event', field: type, event: event, payload: payload || {} }, parentOrigin); }
  input.addEventListener('focus', function () { emit('focus'); });
  input.addEventListener('blur', function () { emit('blur'); });
  input.addEventListener('input', function () {
    emit('change');
    if (type !== 'cardNumber') return;
    var digits = input.value.replace(/\\D/g, '');
    var bin = digits.length >= 8 ? digits.slice(0, 8) : null;
    if (bin !== lastBin) { lastBin = bin; emit('binChange', { bin: bin }); }
  });
  function value(field) {
    for (var i = 0; i < parent.frames.length; i++) {
      try {
        var other = parent.frames[i].document.querySelector('input[data-mp-field="' + field + '"]');
        if (other) return other.value.trim();
      } catch (crossOrigin) { /* a frame of another origin */ }
    }
    return '';
  }
  function expiry() {
    var date = value('expirationDate');
    if (date) { var parts = date.split('/'); return { month: parts[0], year: parts[1] || '' }; }
    return { month: value('expirationMonth'), year: value('expirationYear') };
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (type !== 'cardNumber' || event.source !== parent || event.origin !== parentOrigin || !data || data.mpFake !== true || data.kind !== 'createCardToken') return;
    var exp = expiry();
    var year = Number(exp.year);
    var nonPCI = data.nonPCIData || {};
    var body = {
      card_number: input.value.replace(/\\D/g, ''),
      security_code: value('securityCode'),
      expiration_month: Number(exp.month),
      expiration_year: year < 100 ? 2000 + year : year,
      cardholder: { name: nonPCI.cardholderName || '', identification: { type: nonPCI.identificationType || '', number: nonPCI.identificationNumber || '' } },
    };
    fetch(ORIGIN + '/v1/card_tokens?public_key=' + encodeURIComponent(data.publicKey), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
      .then(function (reply) {
        parent.postMessage(reply.ok ? { mpFake: true, kind: 'cardToken', id: data.id, result: reply.json } : { mpFake: true, kind: 'cardToken', id: data.id, error: reply.json.cause || [] }, parentOrigin);
      }, function () {
        parent.postMessage({ mpFake: true, kind: 'cardToken', id: data.id, error: [{ code: 'network', message: 'tokenisation failed' }] }, parentOrigin);
      });
  });
})();
</script></body></html>`;
}

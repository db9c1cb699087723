/** What the shopper reads (web/src/messages.ts): pt-BR texts by error code, flash-sale claim outcomes, card declines. */
import { claimOutcome, declineMessage, messageFor, PASSWORD_RULES, preferencesMessage } from '../../web/src/messages.js';

test('the claim outcomes: won (pay by the deadline), sold out (next window at HH:00), already claimed, not open, rate limited', () => {
  expect(claimOutcome(201, { orderId: 'o1', paymentDeadline: '2026-11-27T13:10:00Z' }))
    .toEqual({ kind: 'won', orderId: 'o1', message: 'É seu! Pague até 10:10 para garantir o iPhone.' });
  const soldOut = { error: { code: 'SOLD_OUT', message: 'x', details: [{ nextWindowAt: '2026-11-27T14:00:00Z' }] } };
  expect(claimOutcome(410, soldOut)).toEqual({ kind: 'sold-out', message: 'Esgotado nesta rodada. A próxima rodada abre às 11:00.' });
  expect(claimOutcome(409, { error: { code: 'ALREADY_CLAIMED', message: 'x' } }).kind).toBe('already-claimed');
  expect(claimOutcome(409, { error: { code: 'SALE_NOT_ACTIVE', message: 'x', details: [{ nextWindowAt: '2026-11-27T14:00:00Z' }] } }))
    .toEqual({ kind: 'not-active', message: 'Nenhuma rodada aberta agora. A próxima rodada abre às 11:00.' });
  expect(claimOutcome(429, { error: { code: 'TOO_MANY_REQUESTS', message: 'x' } }).kind).toBe('rate-limited');
  expect(claimOutcome(400, { error: { code: 'VALIDATION_ERROR', message: 'x', details: [{ field: 'addressId' }] } }).kind).toBe('needs-address');
  expect(claimOutcome(undefined, undefined)).toEqual({ kind: 'failed', message: messageFor(undefined) });
});

test('errors read in pt-BR by code; validation names the fields; the password names the policy', () => {
  expect(messageFor({ code: 'COUPON_EXPIRED', message: 'Coupon expired' })).toBe('Este cupom expirou.');
  expect(messageFor({ code: 'VALIDATION_ERROR', message: 'x', details: [{ field: 'password', message: 'weak' }] })).toBe(PASSWORD_RULES);
  expect(messageFor({ code: 'VALIDATION_ERROR', message: 'x', details: [{ field: 'cep' }, { field: 'state' }] })).toBe('Confira: CEP, UF.');
  expect(messageFor({ code: 'SOMETHING_NEW', message: 'English text' })).toBe('Algo deu errado. Tente de novo em instantes.');
});

test('a declined card reads in pt-BR, never with the provider\'s English reason', () => {
  expect(declineMessage('Card declined: insufficient funds')).toMatch(/^Pagamento recusado: o cartão não tem limite ou saldo suficiente/);
  expect(declineMessage(undefined)).toMatch(/^Pagamento recusado pelo emissor/);
});

test('saving preferences: SMS without a phone says to add one; other refusals read as everywhere else', () => {
  const noPhone = { code: 'VALIDATION_ERROR', message: 'SMS needs a phone number on the profile', details: [{ field: 'sms.orders', message: 'No phone on the profile' }] };
  expect(preferencesMessage(noPhone)).toBe('Para receber SMS, cadastre um celular nos dados pessoais e salve antes.');
  expect(preferencesMessage({ code: 'TOO_MANY_REQUESTS', message: 'x' })).toBe(messageFor({ code: 'TOO_MANY_REQUESTS', message: 'x' }));
  expect(preferencesMessage(undefined)).toBe(messageFor(undefined));
});

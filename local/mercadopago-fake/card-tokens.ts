/** POST /v1/card_tokens (what MP.js / Bricks do in the browser) and GET /v1/card_tokens/{id}. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { validateCardForTokenization } from '../../lambdas/domain/payments/card.js';
import { ValidationError } from '../../lambdas/shared/errors.js';
import { HttpError, type Reply, requireBearer } from './http.js';
import { checkPublicKey, fakeCardBrand } from './sdk.js';
import type { CardToken, FakeState } from './state.js';
import { mpDate } from './values.js';

/** Card-token field errors in MP's client-side codes (data entry errors table). */
const TOKEN_ERROR_CODES: Record<string, { code: string; description: string }> = {
  number: { code: 'E301', description: 'invalid parameter cardNumber' },
  cvc: { code: 'E203', description: 'invalid parameter securityCode' },
  expMonth: { code: '325', description: 'invalid parameter expirationMonth' },
  expYear: { code: '326', description: 'invalid parameter expirationYear' },
  holder: { code: '316', description: 'invalid parameter cardholderName' },
};

type Body = Record<string, unknown>;
type ValidCard = ReturnType<typeof validateCardForTokenization>;

const publicToken = ({ brand: _brand, number: _number, ...rest }: CardToken) => rest;

const cardholderOf = (body: Body) => (body.cardholder ?? {}) as { name?: unknown; identification?: Record<string, unknown> };

export function createCardToken(state: FakeState, req: IncomingMessage, body: Body): Reply {
  const url = new URL(req.url ?? '/', 'http://fake');
  const publicKey = url.searchParams.get('public_key');
  if (publicKey !== null) checkPublicKey(state, publicKey);
  else if (req.headers.authorization !== `Bearer ${state.options.accessToken}`) {
    throw new HttpError(401, 'public_key or access token required', [{ code: 401, description: 'unauthorized' }]);
  }
  const token = newToken(state, body, validateCard(state, body));
  state.tokens.set(token.id, token);
  return { status: 201, body: publicToken(token) };
}

export function getCardToken(state: FakeState, req: IncomingMessage, id: string): Reply {
  requireBearer(req, state.options.accessToken);
  const token = state.tokens.get(id);
  if (!token) throw new HttpError(404, 'Card Token not found', [{ code: 2006, description: 'Card Token not found' }]);
  return { status: 200, body: publicToken(token) };
}

/** The card in the body, checked like the browser SDK does; field errors become MP's codes. */
function validateCard(state: FakeState, body: Body): ValidCard {
  const cardholder = cardholderOf(body);
  try {
    return validateCardForTokenization(
      {
        number: String(body.card_number ?? ''),
        expMonth: Number(body.expiration_month),
        expYear: Number(body.expiration_year),
        cvc: String(body.security_code ?? ''),
        holder: typeof cardholder.name === 'string' ? cardholder.name : '',
      },
      new Date(state.now()),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const cause = error.details.map((d) => TOKEN_ERROR_CODES[d.field as string] ?? { code: 'default', description: String(d.message) });
    throw new HttpError(400, 'bad_request', cause);
  }
}

function newToken(state: FakeState, body: Body, card: ValidCard): CardToken {
  const created = state.now();
  return {
    id: randomUUID().replaceAll('-', ''),
    first_six_digits: card.number.slice(0, 6),
    last_four_digits: card.lastFour,
    expiration_month: card.expMonth,
    expiration_year: card.expYear,
    cardholder: { name: card.holder, identification: cardholderOf(body).identification ?? {} },
    status: 'active',
    date_created: mpDate(created),
    date_last_updated: mpDate(created),
    date_due: mpDate(created + 7 * 86_400_000),
    luhn_validation: true,
    live_mode: false,
    require_esc: false,
    card_number_length: card.number.length,
    security_code_length: String(body.security_code).length,
    brand: fakeCardBrand(card.number),
    number: card.number,
  };
}

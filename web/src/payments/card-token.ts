/**
 * Card tokenisation happens between the browser and the payment provider, so the card number never
 * reaches our API (only the token does). Here the sandbox gateway's tokeniser, `POST /_local/sandbox/cards`
 * (4111 1111 1111 1111 approves, 4000 0000 0000 0002 declines), for the local stack and test stages; stages
 * whose gateway is Mercado Pago use its SDK's Secure Fields instead (./mercadopago.ts).
 */
import { apiUrl } from '../config';

export interface CardInput { number: string; holder: string; expMonth: number; expYear: number; cvc: string }

/** The card's token, or undefined when the tokeniser refused the card data. */
export async function tokenizeCard(card: CardInput): Promise<string | undefined> {
  const response = await fetch(`${apiUrl}/_local/sandbox/cards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...card, number: card.number.replace(/\D/g, '') }),
  });
  if (!response.ok) return undefined;
  return ((await response.json()) as { cardToken?: string }).cardToken;
}

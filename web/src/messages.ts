/**
 * What the shopper reads when a call fails: pt-BR texts chosen by the contract's error code (the
 * API's own messages are English, for developers). Pure, so test/unit/web-messages.test.ts covers it.
 */
export interface ApiError { code: string; message: string; details?: unknown[] }

const BY_CODE: Record<string, string> = {
  EMAIL_TAKEN: 'Já existe uma conta com este e-mail. Entre ou recupere a senha.',
  EMAIL_NOT_CONFIRMED: 'Confirme seu e-mail com o código que enviamos antes de entrar.',
  PASSWORD_RESET_REQUIRED: 'Redefina sua senha antes de entrar.',
  UNAUTHORIZED: 'E-mail ou senha incorretos.',
  TOO_MANY_REQUESTS: 'Muitas tentativas seguidas. Aguarde alguns segundos e tente de novo.',
  ADDRESS_LIMIT: 'Você já tem 20 endereços. Apague um para cadastrar outro.',
  CART_FULL: 'Seu carrinho já tem o máximo de itens diferentes.',
  QUANTITY_LIMIT: 'No máximo 99 unidades de um mesmo item.',
  INSUFFICIENT_STOCK: 'Não temos estoque suficiente deste item.',
  OUT_OF_STOCK: 'Alguns itens acabaram enquanto você comprava. Ajuste as quantidades no carrinho.',
  CART_CHANGED: 'Seu carrinho mudou. Confira os itens e tente de novo.',
  COUPON_NOT_FOUND: 'Cupom não encontrado.',
  COUPON_NOT_YET_VALID: 'Este cupom ainda não está valendo.',
  COUPON_EXPIRED: 'Este cupom expirou.',
  COUPON_EXHAUSTED: 'Este cupom já foi usado o número máximo de vezes.',
  COUPON_CUSTOMER_LIMIT_REACHED: 'Você já usou este cupom o número máximo de vezes.',
  COUPON_BELOW_MINIMUM: 'O subtotal ainda não atinge o mínimo deste cupom.',
  ORDER_NOT_PAYABLE: 'Este pedido não está mais aguardando pagamento.',
  PAYMENT_IN_PROGRESS: 'Já existe um pagamento em andamento para este pedido.',
  OPEN_ORDERS: 'Você tem pedidos em aberto. A conta pode ser excluída depois que eles forem entregues ou cancelados.',
};

const FIELDS: Record<string, string> = {
  email: 'e-mail', password: 'senha', name: 'nome', phone: 'celular', cpf: 'CPF', code: 'código', cep: 'CEP',
  label: 'nome do endereço', recipient: 'destinatário', street: 'rua', number: 'número', district: 'bairro',
  city: 'cidade', state: 'UF', quantity: 'quantidade', addressId: 'endereço',
};

export const PASSWORD_RULES = 'A senha precisa ter de 8 a 128 caracteres, com letra minúscula, letra maiúscula, número e símbolo.';

/** The pt-BR message for a failed call; `undefined` error means the API was not reached. */
export function messageFor(error: ApiError | undefined): string {
  if (!error) return 'Não foi possível falar com a loja. Verifique sua conexão e tente de novo.';
  if (error.code === 'VALIDATION_ERROR') {
    const fields = (error.details ?? []).map((d) => (d as { field?: string }).field).filter((f): f is string => typeof f === 'string');
    if (fields.includes('password')) return PASSWORD_RULES;
    if (fields.includes('code')) return 'Código inválido ou expirado.';
    const names = [...new Set(fields.map((f) => FIELDS[f.split('.').at(-1) ?? f] ?? f))];
    return names.length ? `Confira: ${names.join(', ')}.` : 'Confira os dados informados.';
  }
  return BY_CODE[error.code] ?? 'Algo deu errado. Tente de novo em instantes.';
}

/** Saving notification preferences: SMS without a phone on the profile is the refusal to explain. */
export function preferencesMessage(error: ApiError | undefined): string {
  const fields = (error?.details ?? []).map((d) => (d as { field?: string }).field);
  if (error?.code === 'VALIDATION_ERROR' && fields.includes('sms.orders')) return 'Para receber SMS, cadastre um celular nos dados pessoais e salve antes.';
  return messageFor(error);
}

/** "15:00" in the store's time zone. */
export function storeTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit', timeZone: 'America/Sao_Paulo' });
}

export type ClaimOutcome =
  | { kind: 'won'; orderId: string; message: string }
  | { kind: 'sold-out' | 'already-claimed' | 'not-active' | 'rate-limited' | 'needs-address' | 'failed'; message: string };

/** The flash-sale claim's answer as the shopper reads it (POST /flash-sales/current/claims). */
export function claimOutcome(status: number | undefined, body: unknown): ClaimOutcome {
  if (status === 201) {
    const claim = body as { orderId: string; paymentDeadline: string };
    return { kind: 'won', orderId: claim.orderId, message: `É seu! Pague até ${storeTime(claim.paymentDeadline)} para garantir o iPhone.` };
  }
  const error = (body as { error?: ApiError } | undefined)?.error;
  const next = (error?.details?.[0] as { nextWindowAt?: string | null } | undefined)?.nextWindowAt;
  const nextText = next ? ` A próxima rodada abre às ${storeTime(next)}.` : '';
  if (status === 410) return { kind: 'sold-out', message: `Esgotado nesta rodada.${nextText}` };
  if (error?.code === 'ALREADY_CLAIMED') return { kind: 'already-claimed', message: 'Você já garantiu o seu nesta rodada.' };
  if (error?.code === 'SALE_NOT_ACTIVE') return { kind: 'not-active', message: `Nenhuma rodada aberta agora.${nextText}` };
  if (status === 429) return { kind: 'rate-limited', message: 'Muitas tentativas seguidas. Aguarde alguns segundos e tente de novo.' };
  if (error?.code === 'VALIDATION_ERROR') return { kind: 'needs-address', message: 'Cadastre um endereço de entrega antes de participar.' };
  return { kind: 'failed', message: messageFor(error) };
}

/** A declined card in pt-BR; the provider's reason (English, for developers) is not shown as is. */
export function declineMessage(reason: string | undefined): string {
  const text = (reason ?? '').toLowerCase();
  if (text.includes('insufficient')) return 'Pagamento recusado: o cartão não tem limite ou saldo suficiente. Use outro cartão ou pague com Pix.';
  return 'Pagamento recusado pelo emissor do cartão. Confira os dados, use outro cartão ou pague com Pix.';
}

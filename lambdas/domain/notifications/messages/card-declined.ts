import { brl, orderCode } from '../format.js';
import type { Template } from './template.js';

/** PaymentFailed: the card was declined; the order still waits for a payment until its deadline. */
export const cardDeclined: Template<'PaymentFailed'> = {
  type: 'card-declined',
  email: (data) => ({
    subject: `Pagamento não aprovado — pedido ${orderCode(data.orderId)}`,
    blocks: [
      { p: `O cartão não aprovou o pagamento de ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)}.` },
      { p: 'Nada foi cobrado. Você pode tentar outro cartão ou pagar com Pix enquanto o prazo do pedido não terminar.' },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: o cartão não aprovou o pagamento de ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)}. Nada foi cobrado. Tente outro cartão ou Pix.`,
};

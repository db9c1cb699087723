import { brl, orderCode } from '../format.js';
import type { Template } from './template.js';

/** OrderCancelled (by the customer or an admin); a paid order is being refunded. */
export const orderCancelled: Template<'OrderCancelled'> = {
  type: 'order-cancelled',
  email: (data) => ({
    subject: `Pedido ${orderCode(data.orderId)} cancelado`,
    blocks: [
      { p: `Seu pedido ${orderCode(data.orderId)} foi cancelado.` },
      ...(data.previousStatus === 'PAID' ? [{ p: `O valor de ${brl(data.totalCents)} será devolvido pela mesma forma de pagamento. Avisaremos quando o estorno for feito.` }] : []),
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: o pedido ${orderCode(data.orderId)} foi cancelado.` +
    (data.previousStatus === 'PAID' ? ` O valor de ${brl(data.totalCents)} será devolvido pela mesma forma de pagamento.` : ''),
};

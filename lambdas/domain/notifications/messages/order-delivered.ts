import { orderCode } from '../format.js';
import type { Template } from './template.js';

/** OrderDelivered. */
export const orderDelivered: Template<'OrderDelivered'> = {
  type: 'order-delivered',
  email: (data) => ({
    subject: `Pedido ${orderCode(data.orderId)} entregue`,
    blocks: [{ p: `Seu pedido ${orderCode(data.orderId)} foi entregue. Esperamos que goste!` }, { p: 'Se algo não estiver certo, responda a este e-mail.' }],
  }),
  sms: (data) => `Big E-Commerce: o pedido ${orderCode(data.orderId)} foi entregue. Esperamos que goste!`,
};

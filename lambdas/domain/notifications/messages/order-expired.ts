import { orderCode } from '../format.js';
import type { Template } from './template.js';

/** OrderExpired: unpaid at its deadline. */
export const orderExpired: Template<'OrderExpired'> = {
  type: 'order-expired',
  email: (data) => ({
    subject: `Pedido ${orderCode(data.orderId)} expirado`,
    blocks: [
      { p: `O prazo de pagamento do pedido ${orderCode(data.orderId)} terminou e ele foi cancelado. Os itens voltaram para o estoque.` },
      { p: 'Nenhum valor foi cobrado. Se ainda quiser os itens, faça um novo pedido.' },
    ],
  }),
  sms: (data) => `Big E-Commerce: o prazo de pagamento do pedido ${orderCode(data.orderId)} terminou e ele foi cancelado. Nada foi cobrado.`,
};

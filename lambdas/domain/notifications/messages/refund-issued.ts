import { brl, orderCode } from '../format.js';
import type { Template } from './template.js';

/** PaymentRefunded: money went back (a cancellation, a late or duplicate payment). */
export const refundIssued: Template<'PaymentRefunded'> = {
  type: 'refund-issued',
  email: (data) => ({
    subject: `Estorno de ${brl(data.amountCents)} — pedido ${orderCode(data.orderId)}`,
    blocks: [
      { p: `Devolvemos ${brl(data.amountCents)} referentes ao pedido ${orderCode(data.orderId)}.` },
      {
        p: data.method === 'pix'
          ? 'O valor volta para a conta de onde o Pix saiu, normalmente em instantes.'
          : 'O valor aparece na fatura do cartão em até duas faturas, conforme o banco emissor.',
      },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: devolvemos ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)}` +
    (data.method === 'pix' ? ' para a conta de origem do Pix.' : '. O valor aparece na fatura do cartão.'),
};

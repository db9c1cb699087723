import { brl, orderCode, taxesLine } from '../format.js';
import { paragraphIf, type Template } from './template.js';

/** OrderPaid. */
export const orderPaid: Template<'OrderPaid'> = {
  type: 'order-paid',
  email: (data) => ({
    subject: `Pagamento confirmado — pedido ${orderCode(data.orderId)}`,
    blocks: [
      { p: `Confirmamos o pagamento de ${brl(data.totalCents)} do pedido ${orderCode(data.orderId)}.` },
      ...paragraphIf(taxesLine(data.taxes)),
      { p: 'Agora vamos separar e enviar seus itens. Avisaremos quando o pedido for despachado.' },
    ],
  }),
  sms: (data) => `Big E-Commerce: pagamento de ${brl(data.totalCents)} do pedido ${orderCode(data.orderId)} confirmado. Avisaremos quando for enviado.`,
};

import { brl, calendarDay, dayAndTime, orderCode, taxesLine } from '../format.js';
import { clamp } from '../gsm7.js';
import { paragraphIf, type Template } from './template.js';

/** OrderCreated (an ordinary order): what was ordered, the total, its approximate taxes, the delivery promise and the payment deadline. */
export const orderPlaced: Template<'OrderCreated'> = {
  type: 'order-placed',
  email: (data) => ({
    subject: `Recebemos seu pedido ${orderCode(data.orderId)}`,
    blocks: [
      { p: `Seu pedido ${orderCode(data.orderId)} foi recebido e aguarda o pagamento.` },
      { list: data.items.map((i) => `${i.quantity}× ${i.name} — ${brl(i.unitPriceCents * i.quantity)}`) },
      { p: `Total: ${brl(data.totalCents)}` },
      ...paragraphIf(taxesLine(data.taxes)),
      ...paragraphIf(data.estimatedDeliveryDate && `Previsão de entrega: até ${calendarDay(data.estimatedDeliveryDate)}, com o pagamento confirmado hoje.`),
      { p: `Pague até ${dayAndTime(data.paymentDeadline)} para garantir os itens. Se escolher Pix, enviamos o código copia e cola assim que ele for gerado.` },
    ],
  }),
  sms: (data, to) =>
    `Big E-Commerce: ${clamp(to.firstName, 15)}, recebemos o pedido ${orderCode(data.orderId)} de ${brl(data.totalCents)}. Pague até ${dayAndTime(data.paymentDeadline)} para garantir os itens.`,
};

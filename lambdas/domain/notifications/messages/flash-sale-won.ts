import { brl, dayAndTime, orderCode, timeOfDay } from '../format.js';
import { clamp } from '../gsm7.js';
import type { Template } from './template.js';

/** OrderCreated by a flash-sale claim: the customer won a unit and must pay within the sale's window. */
export const flashSaleWon: Template<'OrderCreated'> = {
  type: 'flash-sale-won',
  email: (data) => ({
    subject: `Você garantiu ${data.items[0]?.name ?? 'seu item'} na oferta relâmpago!`,
    blocks: [
      { p: `Parabéns! Você garantiu ${data.items.map((i) => `${i.quantity}× ${i.name}`).join(', ')} por ${brl(data.totalCents)} na oferta relâmpago (pedido ${orderCode(data.orderId)}).` },
      { p: `Pague até ${dayAndTime(data.paymentDeadline)}: depois desse horário a unidade volta para a oferta.` },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: você garantiu ${clamp(data.items[0]?.name ?? 'seu item', 30)} por ${brl(data.totalCents)}! Pague até ${timeOfDay(data.paymentDeadline)} ou a unidade volta para a oferta. Pedido ${orderCode(data.orderId)}.`,
};

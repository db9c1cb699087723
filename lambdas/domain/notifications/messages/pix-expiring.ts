import { brl, orderCode, timeOfDay } from '../format.js';
import { pixDeadline } from './pix-charge.js';
import type { Template } from './template.js';

/** PixPaymentExpiring: the reminder sent once, a few minutes before an unpaid Pix charge expires. */
export const pixExpiring: Template<'PixPaymentExpiring'> = {
  type: 'pix-expiring',
  email: (data) => ({
    subject: `Seu Pix do pedido ${orderCode(data.orderId)} vence às ${timeOfDay(pixDeadline(data))}`,
    blocks: [
      { p: `Ainda não recebemos o Pix de ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)}. Ele vence hoje às ${timeOfDay(pixDeadline(data))}.` },
      { code: data.pix?.copyPaste ?? '', label: 'Pix copia e cola:' },
      { p: 'Se você já pagou, pode ignorar este aviso: a confirmação chega em instantes.' },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: o Pix de ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)} vence às ${timeOfDay(pixDeadline(data))}. O código foi enviado por e-mail. Se já pagou, ignore.`,
};

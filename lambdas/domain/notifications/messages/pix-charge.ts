import { brl, dayAndTime, orderCode } from '../format.js';
import type { Template } from './template.js';

/**
 * PaymentCreated with Pix: the order placed now has its Pix charge, with the copia-e-cola code and
 * its deadline. The code (over 100 characters) goes by email only; the SMS points to it.
 */
export const pixCharge: Template<'PaymentCreated'> = {
  type: 'pix-charge',
  email: (data) => ({
    subject: `Pix do pedido ${orderCode(data.orderId)}: pague até ${dayAndTime(pixDeadline(data))}`,
    blocks: [
      { p: `Seu Pix de ${brl(data.amountCents)} para o pedido ${orderCode(data.orderId)} foi gerado.` },
      { code: data.pix?.copyPaste ?? '', label: 'Pix copia e cola (copie o código e cole no app do seu banco):' },
      { p: `Pague até ${dayAndTime(pixDeadline(data))}. Depois desse horário o pedido é cancelado e os itens voltam para o estoque.` },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: Pix de ${brl(data.amountCents)} do pedido ${orderCode(data.orderId)} gerado. Pague até ${dayAndTime(pixDeadline(data))}. O código copia e cola foi enviado por e-mail.`,
};

export function pixDeadline(data: { pix?: { expiresAt: string } | null }): string {
  if (!data.pix) throw new Error('A Pix message needs the payment\'s Pix charge');
  return data.pix.expiresAt;
}

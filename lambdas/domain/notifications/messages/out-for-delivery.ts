import { orderCode, trackingUrl } from '../format.js';
import type { Block } from '../render.js';
import type { Template } from './template.js';

/** OrderOutForDelivery: the carrier's last leg started (from the carrier's tracking events). */
export const outForDelivery: Template<'OrderOutForDelivery'> = {
  type: 'order-out-for-delivery',
  email: (data) => {
    const url = trackingUrl(data.carrier, data.trackingCode);
    const blocks: Block[] = [
      { p: `Seu pedido ${orderCode(data.orderId)} saiu para entrega e chega hoje.` },
      { p: 'Se ninguém puder receber, o entregador tenta de novo no próximo dia útil.' },
    ];
    if (url) blocks.push({ link: 'Acompanhe a entrega', href: url });
    return { subject: `Seu pedido ${orderCode(data.orderId)} saiu para entrega`, blocks };
  },
  sms: (data) => `Big E-Commerce: o pedido ${orderCode(data.orderId)} saiu para entrega e chega hoje.`,
};

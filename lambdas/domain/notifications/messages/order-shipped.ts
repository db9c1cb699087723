import { orderCode, trackingUrl } from '../format.js';
import { clamp } from '../gsm7.js';
import type { Block } from '../render.js';
import type { Template } from './template.js';

/** OrderShipped: the carrier, the tracking code and, for a carrier we know, its tracking page. */
export const orderShipped: Template<'OrderShipped'> = {
  type: 'order-shipped',
  email: (data) => {
    const url = trackingUrl(data.carrier, data.trackingCode);
    const blocks: Block[] = [{ p: `Seu pedido ${orderCode(data.orderId)} foi enviado${data.carrier ? ` pela ${data.carrier}` : ''}.` }];
    if (data.trackingCode) blocks.push({ p: `Código de rastreio: ${data.trackingCode}` });
    if (url) blocks.push({ link: 'Acompanhe a entrega', href: url });
    return { subject: `Seu pedido ${orderCode(data.orderId)} foi enviado`, blocks };
  },
  sms: (data) =>
    `Big E-Commerce: pedido ${orderCode(data.orderId)} enviado${data.carrier ? ` pela ${clamp(data.carrier, 20)}` : ''}.` +
    (data.trackingCode ? ` Rastreio: ${clamp(data.trackingCode, 30)}.` : ''),
};

import type { DomainEventData } from '#domain/events.js';
import { escapeHtml } from '#shared/html.js';

/** What the store tells a customer about their order, in pt-BR. */
export interface CustomerEmail {
  type: string;
  subject: string;
  html: string;
  text: string;
}

/** R$ 1.234,56 */
export function brl(cents: number): string {
  const [whole, fraction] = (cents / 100).toFixed(2).split('.');
  return `R$ ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}`;
}

const shortId = (orderId: string) => orderId.slice(-8).toUpperCase();

type OrderEventName = 'OrderCreated' | 'OrderPaid' | 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled' | 'OrderExpired';

export function orderEmail(event: OrderEventName, data: DomainEventData<'OrderCreated'>, customerName: string): CustomerEmail {
  const greeting = `Olá, ${customerName}!`;
  const code = shortId(data.orderId);
  const items = data.items.map((i) => `${i.quantity}× ${i.name} — ${brl(i.unitPriceCents * i.quantity)}`);
  const deadline = new Date(data.paymentDeadline).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
  const lines: Record<OrderEventName, { subject: string; body: string[] }> = {
    OrderCreated: {
      subject: `Recebemos seu pedido ${code}`,
      body: [`Seu pedido ${code} foi recebido e está aguardando pagamento.`, ...items, `Total: ${brl(data.totalCents)}`, `Pague até ${deadline} para garantir os itens.`],
    },
    OrderPaid: { subject: `Pagamento confirmado — pedido ${code}`, body: [`Confirmamos o pagamento de ${brl(data.totalCents)} do pedido ${code}.`, 'Agora vamos separar e enviar seus itens.'] },
    OrderShipped: {
      subject: `Seu pedido ${code} foi enviado`,
      body: [`Seu pedido ${code} saiu para entrega${data.carrier ? ` pela ${data.carrier}` : ''}.`, ...(data.trackingCode ? [`Código de rastreio: ${data.trackingCode}`] : [])],
    },
    OrderDelivered: { subject: `Pedido ${code} entregue`, body: [`Seu pedido ${code} foi entregue. Esperamos que goste!`] },
    OrderCancelled: {
      subject: `Pedido ${code} cancelado`,
      body: [`Seu pedido ${code} foi cancelado.`, ...(data.previousStatus === 'PAID' ? [`O valor de ${brl(data.totalCents)} será estornado pela mesma forma de pagamento.`] : [])],
    },
    OrderExpired: { subject: `Pedido ${code} expirado`, body: [`O prazo de pagamento do pedido ${code} terminou e ele foi cancelado. Os itens voltaram para o estoque.`] },
  };
  const { subject, body } = lines[event];
  return {
    type: `order-${event.replace(/^Order/, '').toLowerCase()}`,
    subject,
    text: [greeting, ...body, '', 'Big E-Commerce'].join('\n'),
    html: `<p>${escapeHtml(greeting)}</p>${body.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}<p>Big E-Commerce</p>`,
  };
}

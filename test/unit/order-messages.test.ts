import { brl, orderEmail } from '#domain/notifications/order-messages.js';

const data = {
  orderId: '01M84XEGP0RZNK0G3J807VY4YH', customerId: 'c', status: 'SHIPPED' as const, previousStatus: 'PAID', totalCents: 123_456,
  items: [{ sku: 'A', productId: 'p', name: 'Café <Especial>', quantity: 2, unitPriceCents: 1_990 }],
  paymentDeadline: '2026-11-27T16:30:00.000Z', carrier: 'Correios', trackingCode: 'BR1BR', flashSaleId: null,
};

describe('order emails', () => {
  it('formats money the Brazilian way', () => {
    expect(brl(123_456)).toBe('R$ 1.234,56');
    expect(brl(100)).toBe('R$ 1,00');
    expect(brl(5)).toBe('R$ 0,05');
    expect(brl(100_000_000)).toBe('R$ 1.000.000,00');
  });

  it('writes pt-BR subjects and bodies with the order code, totals and tracking, escaping HTML', () => {
    const created = orderEmail('OrderCreated', data, 'Ana');
    expect(created).toMatchObject({ type: 'order-created', subject: 'Recebemos seu pedido 807VY4YH' });
    expect(created.text).toContain('2× Café <Especial> — R$ 39,80');
    expect(created.html).toContain('Café &lt;Especial&gt;');
    expect(created.text).toContain('Pague até 27/11/2026, 13:30');
    expect(orderEmail('OrderShipped', data, 'Ana').text).toContain('Código de rastreio: BR1BR');
    expect(orderEmail('OrderCancelled', data, 'Ana').text).toContain('será estornado');
    expect(orderEmail('OrderCancelled', { ...data, previousStatus: 'PENDING_PAYMENT' }, 'Ana').text).not.toContain('estornado');
  });
});

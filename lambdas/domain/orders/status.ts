/**
 * An order's statuses, on their own: the order repository needs the list, and importing it from
 * schemas.ts put every order schema (~10 KB with the address schemas) in each function that reads orders.
 */
export const ORDER_STATUS_VALUES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'] as const;

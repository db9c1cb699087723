/** What the data export reads: the customer's profile and addresses, notification choices, orders and payments. */
export { preferenceStore as preferences } from '#adapters/dynamodb/notification-preferences.js';
export { orderRepository as orders } from '#adapters/dynamodb/orders.js';
export { listPaymentsForOrder } from '#adapters/dynamodb/payments.js';
export { userRepository as users } from '#adapters/dynamodb/users.js';

/** The payment records alone (listing an order's payments needs no gateway). */
export { paymentRepository as payments } from '#adapters/dynamodb/payments.js';

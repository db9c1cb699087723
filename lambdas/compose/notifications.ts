/** What the notifiers run on: the customer's profile (their address and name) and the sender. */
export { userRepository as users } from '#adapters/dynamodb/users.js';
export { sendOnce } from '#adapters/notifications/notifier.js';

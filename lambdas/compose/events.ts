/** The event bus the transactional outbox publishes to. */
export { publishEvents } from '#adapters/events/eventbridge.js';

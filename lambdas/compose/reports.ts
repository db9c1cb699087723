/** The sales aggregates: what the stream consumer writes with, what the report routes read. */
import { orderRepository } from '#adapters/dynamodb/orders.js';
import { aggregateReader, aggregateWriter, inventoryReader, primaryCategories } from '#adapters/dynamodb/reports.js';
import type { RecordingDeps } from '#domain/reports/ports.js';

export const recording: RecordingDeps = { aggregates: aggregateWriter, orders: orderRepository, categories: primaryCategories };
export { aggregateReader, inventoryReader };

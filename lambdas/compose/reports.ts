/** The sales aggregates: what the stream consumer writes with, what the report routes read. */
import { flashSaleRepository } from '#adapters/dynamodb/flash-sales.js';
import { orderRepository } from '#adapters/dynamodb/orders.js';
import { aggregateReader, aggregateWriter, inventoryReader, primaryCategories, sellOutStore } from '#adapters/dynamodb/reports.js';
import type { FlashReportDeps } from '#domain/reports/flash.js';
import type { RecordingDeps } from '#domain/reports/ports.js';

export const recording: RecordingDeps = { aggregates: aggregateWriter, orders: orderRepository, categories: primaryCategories };
export const flashReport: FlashReportDeps = { flashSales: flashSaleRepository, sellOuts: sellOutStore };
export { aggregateReader, inventoryReader, sellOutStore };

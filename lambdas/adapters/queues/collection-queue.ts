/**
 * The collection queue (SQS): pages of a run for the fetch-and-extract worker. Sent directly by the
 * functions granted `collection:enqueue` (COLLECTION_QUEUE_URL), in batches of ten, with an optional
 * delay (a page put back for a busy or throttling host).
 */
import type { PageQueue } from '#domain/collection/ports.js';
import { requireEnv } from '#shared/config.js';
import { sqsBatchSender } from './sqs-batch.js';

export const collectionQueue: PageQueue = { send: sqsBatchSender(requireEnv('COLLECTION_QUEUE_URL'), 'collection') };

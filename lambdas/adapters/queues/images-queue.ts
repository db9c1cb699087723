/**
 * The images queue (SQS): S3 "Object Created" events of uploads (an EventBridge rule in AWS, the S3
 * emulator's notifications locally), and collected products' external images, sent directly by the
 * functions granted `images:enqueue` (IMAGES_QUEUE_URL), in batches of ten, with an optional delay.
 */
import type { ImageQueue } from '#domain/collection/image-queue.js';
import { requireEnv } from '#shared/config.js';
import { sqsBatchSender } from './sqs-batch.js';

export const imagesQueue: ImageQueue = { send: sqsBatchSender(requireEnv('IMAGES_QUEUE_URL'), 'images') };

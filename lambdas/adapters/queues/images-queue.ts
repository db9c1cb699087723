/**
 * The images queue (SQS): S3 "Object Created" events of uploads (an EventBridge rule in AWS, the S3
 * emulator's notifications locally), and collected products' external images, sent directly by the
 * functions granted `images:enqueue` (IMAGES_QUEUE_URL), in batches of ten, with an optional delay.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ImageQueue } from '#domain/collection/image-queue.js';
import { awsEndpoint, requireEnv } from '#shared/config.js';

const client = new SQSClient({ endpoint: awsEndpoint('SQS'), maxAttempts: 3 });
const queueUrl = requireEnv('IMAGES_QUEUE_URL');

export const imagesQueue: ImageQueue = {
  async send(messages, delaySeconds) {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await client.send(new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
      }));
      if (out.Failed?.length) throw new Error(`The images queue refused ${out.Failed.length} of ${batch.length} messages: ${out.Failed[0].Code}`);
    }
  },
};

/**
 * The collection queue (SQS): pages of a run for the fetch-and-extract worker. Sent directly by the
 * functions granted `collection:enqueue` (COLLECTION_QUEUE_URL), in batches of ten, with an optional
 * delay (a page put back for a busy or throttling host).
 */
import { awsJsonService } from '#adapters/aws-call.js';
import type { PageQueue } from '#domain/collection/ports.js';
import { awsEndpoint, requireEnv } from '#shared/config.js';

/** SQS's JSON protocol, one signed call per batch (#adapters/aws-call.js), not the SQS client (~25 KB). */
const call = awsJsonService({ service: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0', endpoint: awsEndpoint('SQS') });
const queueUrl = requireEnv('COLLECTION_QUEUE_URL');

export const collectionQueue: PageQueue = {
  async send(messages, delaySeconds) {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await call<{ Failed?: { Code?: string }[] }>('SendMessageBatch', {
        QueueUrl: queueUrl,
        Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
      });
      if (out.Failed?.length) throw new Error(`The collection queue refused ${out.Failed.length} of ${batch.length} messages: ${out.Failed[0].Code}`);
    }
  },
};

import { awsJsonService } from '#adapters/aws-call.js';
import { awsEndpoint } from '#shared/config.js';

/** SQS's JSON protocol, one signed call per batch (#adapters/aws-call.js), not the SQS client (~25 KB). */
const call = awsJsonService({ service: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0', endpoint: awsEndpoint('SQS') });

/** Sends JSON messages to a queue in batches of ten, with an optional delay; a refused message throws. */
export function sqsBatchSender(queueUrl: string, queueName: string) {
  return async (messages: readonly unknown[], delaySeconds?: number): Promise<void> => {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await call<{ Failed?: { Code?: string }[] }>('SendMessageBatch', {
        QueueUrl: queueUrl,
        Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
      });
      if (out.Failed?.length) throw new Error(`The ${queueName} queue refused ${out.Failed.length} of ${batch.length} messages: ${out.Failed[0].Code}`);
    }
  };
}

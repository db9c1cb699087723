/**
 * `npm run replay:stream -- <subscription> <message file | --queue <dead-letter queue URL>> [--dry-run] [--delete]`
 *
 * Replays a failed table-stream batch from its dead-letter queue message (docs/deploy.md, runbook):
 * re-reads the batch's records from the stream the consumer reads (DynamoDB Streams, while they are
 * still there: 24 hours; or the Kinesis copy of the table's changes: 7 days), keeps the ones the
 * subscription's filter passes, and invokes the consumer that failed
 * (the message's function ARN) with them, synchronously. `--dry-run` prints the event instead.
 * `--delete` removes the queue's message once its batch was replayed without a failure.
 *
 *   AWS_REGION=sa-east-1 npm run replay:stream -- domain-events --queue https://sqs.../...DeadLetters... --delete
 *   npm run replay:stream -- catalog-search-snapshot failed-batch.json --dry-run
 */
import { readFileSync } from 'node:fs';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { streamSubscriptions } from '../lambdas/routes.js';
import {
  type FailedBatch, hoursLeft, kinesisReplayEvent, parseFailedBatches, readBatch, readKinesisBatch, replayEvent, selectKinesisRecords, selectRecords,
} from './stream-replay.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const [subscriptionName, file] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--queue');
const subscription = streamSubscriptions.find((s) => s.name === subscriptionName);
const queueUrl = option('--queue');
if (!subscription || (!file && !queueUrl)) {
  console.error(`Usage: npm run replay:stream -- <${streamSubscriptions.map((s) => s.name).join('|')}> <message file | --queue <url>> [--dry-run] [--delete]`);
  process.exit(2);
}

async function messages(): Promise<FailedBatch[]> {
  if (file) return parseFailedBatches(readFileSync(file, 'utf8'));
  const sqs = new SQSClient({});
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 2 }));
  if (!Messages.length) throw new Error(`No message in ${queueUrl}`);
  return parseFailedBatches(JSON.stringify({ Messages }));
}

const streams = new DynamoDBStreamsClient({});
const kinesis = new KinesisClient({});
/** The batch's records that the subscription's filter passes, as its event source mapping delivers them. */
async function eventOf(batch: FailedBatch, entities: readonly string[]): Promise<{ Records: unknown[] }> {
  if (batch.source === 'kinesis') return kinesisReplayEvent(selectKinesisRecords(await readKinesisBatch(kinesis, batch), batch, entities), batch);
  return replayEvent(selectRecords(await readBatch(streams, batch), batch, entities), batch);
}
const lambda = new LambdaClient({});
let batches: FailedBatch[];
try {
  batches = await messages();
} catch (error) {
  console.error(`Cannot read the dead-letter message: ${(error as Error).message}`);
  process.exit(2);
}
let failed = 0;
for (const batch of batches) {
  const label = `shard ${batch.shardId} ${batch.startSequenceNumber}..${batch.endSequenceNumber}`;
  try {
    const left = hoursLeft(batch, Date.now());
    if (left !== undefined) console.log(`${label}: first record arrived ${batch.firstRecordAt}, about ${left.toFixed(1)} h left in the stream`);
    const event = await eventOf(batch, subscription.entities);
    if (flag('--dry-run')) {
      console.log(JSON.stringify(event, null, 2));
      continue;
    }
    if (!batch.functionArn) throw new Error('The message names no function (requestContext.functionArn)');
    const result = await lambda.send(new InvokeCommand({ FunctionName: batch.functionArn, Payload: Buffer.from(JSON.stringify(event)) }));
    const payload = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
    const itemFailures = (JSON.parse(payload || '{}') as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
    if (result.FunctionError || itemFailures.length) throw new Error(`the consumer failed again: ${result.FunctionError ?? `${itemFailures.length} record(s) reported`} ${payload}`);
    console.log(`${label}: ${event.Records.length} record(s) replayed to ${batch.functionArn}`);
    if (flag('--delete') && queueUrl && batch.receiptHandle) {
      await new SQSClient({}).send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: batch.receiptHandle }));
      console.log(`${label}: message deleted from the queue`);
    }
  } catch (error) {
    failed++;
    console.error(`${label}: ${(error as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);

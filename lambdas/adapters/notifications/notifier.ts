import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, ddb, tableName } from '#adapters/dynamodb/client.js';
import * as keys from '#adapters/dynamodb/keys.js';
import type { Sender } from '#domain/notifications/ports.js';
import { logger } from '#shared/powertools.js';
import { deliver } from './channels.js';

const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * At most once per key (`<eventId>#<channel>`): a marker is claimed with `attribute_not_exists`
 * BEFORE the send, the message sent, then the marker set SENT.
 * - The send fails (throttled, channel down): the claim is deleted and the error thrown, so the
 *   queue delivers the event again and the retry sends it.
 * - The send succeeds but marking it SENT fails: logged, not thrown. The SENDING claim already
 *   stops every later attempt, so the message is not sent twice, and the queue need not retry.
 * - The function dies between the claim and the send (timeout, crash): the claim stays SENDING and
 *   the message is never sent: at most once, not at least once (docs/decisions.md). The same if
 *   deleting the claim after a failed send fails.
 */
export const sender: Sender = {
  async sendOnce(key, message) {
    const marker = keys.notification(key);
    const claimed = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...marker, entity: 'Notification', status: 'SENDING', channel: message.channel, type: message.type, userId: message.userId,
        expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
    if (!claimed.ok) return false;
    try {
      await deliver(message);
    } catch (error) {
      await ddb.send(new DeleteCommand({ TableName: tableName, Key: marker }));
      throw error;
    }
    try {
      await ddb.send(new UpdateCommand({
        TableName: tableName, Key: marker, UpdateExpression: 'SET #status = :sent',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sent': 'SENT' },
      }));
    } catch (error) {
      logger.warn('Message sent but its marker not set SENT; the SENDING claim still prevents a second send', { error: error as Error, key });
    }
    return true;
  },
};

/**
 * The admin roster and its audit (docs/data-model.md "AdminRoster", "AdminChange"). The roster is one
 * item whose `members` map is keyed by user id; every change is one transaction: the roster's
 * conditional update, the audit entry and the user's revocation marker.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminChange, AdminMember, AdminRoster } from '#domain/identity/ports.js';
import { conditionalTransaction, conditionalWrite, ddb, decodeCursor, encodeCursor, tableName, type TransactItem } from './client.js';
import { revocationSettled } from '#shared/sessions.js';
import * as keys from './keys.js';

type Stored = Record<string, { grantedAt: string; grantedBy: string }>;

async function readMembers(): Promise<AdminMember[] | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.adminRoster, ConsistentRead: true }));
  if (!Item) return undefined;
  return Object.entries((Item.members ?? {}) as Stored).map(([userId, m]) => ({ userId, grantedAt: m.grantedAt, grantedBy: m.grantedBy }));
}

const auditPut = (change: AdminChange): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.adminAudit(change.at, change.id), entity: 'AdminChange', ...change },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

export const adminRoster: AdminRoster = {
  members: readMembers,

  async create(members) {
    await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.adminRoster, entity: 'AdminRoster',
        members: Object.fromEntries(members.map((m) => [m.userId, { grantedAt: m.grantedAt, grantedBy: m.grantedBy }])),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
  },

  async enlist(member) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        // Revoked through the API: the marker says so, and the roster must not take the user back.
        { ConditionCheck: { TableName: tableName, Key: keys.tokenMarker(member.userId), ConditionExpression: 'attribute_not_exists(adminRevokedAtMs)' } },
        {
          Update: {
            TableName: tableName, Key: keys.adminRoster,
            UpdateExpression: 'SET members.#user = if_not_exists(members.#user, :entry)',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#user': member.userId },
            ExpressionAttributeValues: { ':entry': { grantedAt: member.grantedAt, grantedBy: member.grantedBy } },
          },
        },
      ],
    });
    if (outcome.ok) return true;
    if (outcome.failedIndex === 0) return false;
    throw outcome.error;
  },

  async grant(change) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { ConditionCheck: { TableName: tableName, Key: keys.user(change.userId), ConditionExpression: 'attribute_exists(PK)' } },
        {
          Update: {
            TableName: tableName, Key: keys.adminRoster,
            UpdateExpression: 'SET members.#user = :entry',
            ConditionExpression: 'attribute_exists(members.#actor) AND attribute_not_exists(members.#user)',
            ExpressionAttributeNames: { '#user': change.userId, '#actor': change.actorId },
            ExpressionAttributeValues: { ':entry': { grantedAt: change.at, grantedBy: change.actorId } },
          },
        },
        auditPut(change),
        {
          // The end of an earlier revocation: admin routes accept the user's next tokens again.
          Update: {
            TableName: tableName, Key: keys.tokenMarker(change.userId),
            UpdateExpression: 'SET entity = :entity, userId = :userId REMOVE adminRevokedAtMs',
            ExpressionAttributeValues: { ':entity': 'TokenMarker', ':userId': change.userId },
          },
        },
      ],
    });
    if (outcome.ok) return 'granted';
    if (outcome.failedIndex === 0) return 'no-such-user';
    if (outcome.failedIndex !== 1) throw outcome.error;
    const members = (await readMembers()) ?? [];
    return members.some((m) => m.userId === change.actorId) ? 'already-admin' : 'caller-not-admin';
  },

  async revoke(change, atMs) {
    const roster: TransactItem = {
      Update: {
        TableName: tableName, Key: keys.adminRoster,
        UpdateExpression: 'REMOVE members.#user',
        // The actor must still be an admin. The actor is never the user (the use case refuses
        // that), so an admin is left on the roster whatever else happens.
        ConditionExpression: 'attribute_exists(members.#actor)',
        ExpressionAttributeNames: { '#user': change.userId, '#actor': change.actorId },
      },
    };
    const marker = (moveValidAfter: boolean): TransactItem => ({
      Update: {
        TableName: tableName, Key: keys.tokenMarker(change.userId),
        UpdateExpression: moveValidAfter
          ? 'SET entity = :entity, userId = :userId, adminRevokedAtMs = :at, validAfterMs = :at, reason = :reason'
          : 'SET entity = :entity, userId = :userId, adminRevokedAtMs = :at',
        // The marker only moves forward (as a logout's): when it is already later, every token
        // this revocation must end is dead anyway.
        ConditionExpression: moveValidAfter ? 'attribute_not_exists(validAfterMs) OR validAfterMs < :at' : undefined,
        ExpressionAttributeValues: { ':entity': 'TokenMarker', ':userId': change.userId, ':at': atMs, ...(moveValidAfter ? { ':reason': 'admin-revoked' } : {}) },
      },
    });
    let outcome = await conditionalTransaction({ TransactItems: [roster, auditPut(change), marker(true)] });
    if (!outcome.ok && outcome.failedIndex === 2) outcome = await conditionalTransaction({ TransactItems: [roster, auditPut(change), marker(false)] });
    if (outcome.ok) {
      await revocationSettled();
      return 'revoked';
    }
    if (outcome.failedIndex === 0) return 'caller-not-admin';
    throw outcome.error;
  },

  async changes(limit, cursor) {
    const { Items = [], LastEvaluatedKey } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.adminAuditPartition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.adminAuditCursor),
    }));
    return {
      items: Items.map((item) => ({
        id: item.id as string, action: item.action as AdminChange['action'], userId: item.userId as string, actorId: item.actorId as string, at: item.at as string,
      })),
      nextCursor: encodeCursor(LastEvaluatedKey),
    };
  },
};

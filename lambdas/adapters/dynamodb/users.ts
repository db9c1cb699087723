import { createHash } from 'node:crypto';
import {
  BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page, ProfileRecord, SessionStore, UserRepository } from '#domain/identity/ports.js';
import { type SearchTerm, searchTerms } from '#domain/identity/customer-search.js';
import type { AddressInput, AddressView } from '#domain/identity/schemas.js';
import { conditionalTransaction, conditionalWrite, ddb, decodeCursor, encodeCursor, tableName, type TransactItem, transactWrite } from './client.js';
import { revocationSettled, type SessionState } from '#shared/sessions.js';
import * as keys from './keys.js';

/** Sessions outlive the longest refresh token (30 days) and are then removed by TTL. */
const SESSION_TTL_SECONDS = 31 * 24 * 3600;
/** After account deletion the marker only has to outlive the longest access token (1 day). */
const TOMBSTONE_TTL_SECONDS = 2 * 24 * 3600;

const ADDRESS_FIELDS = ['label', 'recipient', 'street', 'number', 'complement', 'district', 'city', 'state', 'cep'] as const;

export function toAddress(item: Record<string, unknown>): AddressView {
  return {
    id: item.addressId as string,
    label: item.label as string,
    recipient: item.recipient as string,
    street: item.street as string,
    number: item.number as string,
    complement: (item.complement as string | undefined) ?? null,
    district: item.district as string,
    city: item.city as string,
    state: item.state as AddressView['state'],
    cep: item.cep as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

function toProfile(item: Record<string, unknown>): ProfileRecord {
  return {
    userId: item.userId as string,
    email: item.email as string,
    name: item.name as string,
    phone: (item.phone as string | undefined) ?? null,
    cpf: (item.cpf as string | undefined) ?? null,
    createdAt: item.createdAt as string,
  };
}

const searchEntry = (userId: string, { kind, term }: SearchTerm) => ({ ...keys.customerSearch(kind, term, userId), entity: 'CustomerSearchEntry', userId });
const termKey = ({ kind, term }: SearchTerm) => `${kind}:${term}`;

/** Puts of the profile's search entries that `before` lacks, deletes of those it had that `after` lacks. */
function searchIndexChanges(userId: string, before: SearchTerm[], after: SearchTerm[]): TransactItem[] {
  const had = new Set(before.map(termKey));
  const keep = new Set(after.map(termKey));
  return [
    ...after.filter((t) => !had.has(termKey(t))).map((t): TransactItem => ({ Put: { TableName: tableName, Item: searchEntry(userId, t) } })),
    ...before.filter((t) => !keep.has(termKey(t))).map((t): TransactItem => ({ Delete: { TableName: tableName, Key: keys.customerSearch(t.kind, t.term, userId) } })),
  ];
}

/**
 * Writes the search entries of a profile as it is now, in a transaction conditional on its name and
 * email being those read (a concurrent rename wins and writes its own): the backfill of profiles
 * created before the search existed. Idempotent; false when the profile is gone or changed meanwhile.
 */
export async function reindexProfile(userId: string): Promise<boolean> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.user(userId), ConsistentRead: true }));
  if (!Item) return false;
  const profile = toProfile(Item);
  const outcome = await conditionalTransaction({
    TransactItems: [
      {
        ConditionCheck: {
          TableName: tableName, Key: keys.user(userId), ConditionExpression: '#name = :name AND email = :email',
          ExpressionAttributeNames: { '#name': 'name' }, ExpressionAttributeValues: { ':name': profile.name, ':email': profile.email },
        },
      },
      ...searchIndexChanges(userId, [], searchTerms(profile)),
    ],
  });
  return outcome.ok;
}

/**
 * One saved address (strongly consistent). A function of its own, not only a repository method,
 * so that the order functions bundle this read without the rest of the user repository.
 */
export async function findAddress(userId: string, addressId: string): Promise<AddressView | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.address(userId, addressId), ConsistentRead: true }));
  return Item ? toAddress(Item) : undefined;
}

/**
 * A profile update that changes the name: the profile and its name's search entries in one
 * transaction, conditional on the name it replaces (a concurrent rename makes this one read again).
 */
async function renameProfile(
  userId: string,
  update: { sets: string[]; removes: string[]; names: Record<string, string>; values: Record<string, unknown> },
): Promise<ProfileRecord | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.user(userId), ConsistentRead: true }));
    if (!Item) return undefined;
    const before = toProfile(Item);
    const after = { ...before, name: update.values[':name'] as string };
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: keys.user(userId),
            UpdateExpression: [update.sets.length ? `SET ${update.sets.join(', ')}` : '', update.removes.length ? `REMOVE ${update.removes.join(', ')}` : ''].join(' '),
            ConditionExpression: '#name = :previousName',
            ExpressionAttributeNames: update.names,
            ExpressionAttributeValues: { ...update.values, ':previousName': before.name },
          },
        },
        ...searchIndexChanges(userId, searchTerms(before), searchTerms(after)),
      ],
    });
    if (outcome.ok) {
      const { Item: updated } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.user(userId), ConsistentRead: true }));
      return updated ? toProfile(updated) : undefined;
    }
    if (outcome.failedIndex !== 0) throw outcome.error;
  }
  throw new Error(`Profile ${userId} kept changing during a rename`);
}

export const userRepository: UserRepository = {
  async createProfile(profile) {
    await transactWrite({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.user(profile.userId), entity: 'User', ...profile, addressCount: 0 },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...searchIndexChanges(profile.userId, [], searchTerms(profile)),
      ],
    });
  },

  async getProfile(userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.user(userId) }));
    return Item ? toProfile(Item) : undefined;
  },

  async updateProfile(userId, changes) {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    if (sets.length === 0 && removes.length === 0) return this.getProfile(userId);
    if (changes.name !== undefined) return renameProfile(userId, { sets, removes, names, values });
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.user(userId),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' '),
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      ReturnValues: 'ALL_NEW',
    })));
    return outcome.ok && outcome.attributes ? toProfile(outcome.attributes) : undefined;
  },

  async listAddresses(userId, limit, cursor): Promise<Page<AddressView>> {
    const { Items = [], LastEvaluatedKey } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.userPartition(userId), ':prefix': keys.addressPrefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.addressesCursor(userId)),
    }));
    return { items: Items.map(toAddress), nextCursor: encodeCursor(LastEvaluatedKey) };
  },

  getAddress: findAddress,

  async createAddress(userId, address, maxAddresses) {
    const { id, ...fields } = address;
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: keys.user(userId),
            UpdateExpression: 'ADD addressCount :one',
            ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(addressCount) OR addressCount < :max)',
            ExpressionAttributeValues: { ':one': 1, ':max': maxAddresses },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.address(userId, id), entity: 'Address', addressId: id, ...fields },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    });
    if (outcome.ok) return 'created';
    if (outcome.failedIndex === 0) return 'limit-reached';
    throw outcome.error;
  },

  async updateAddress(userId, addressId, address: AddressInput, updatedAt) {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': updatedAt };
    const sets = ['#updatedAt = :updatedAt'];
    const removes: string[] = [];
    for (const field of ADDRESS_FIELDS) {
      names[`#${field}`] = field;
      const value = address[field];
      if (value === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.address(userId, addressId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    })));
    return outcome.ok && outcome.attributes ? toAddress(outcome.attributes) : undefined;
  },

  async deleteAddress(userId, addressId) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { Delete: { TableName: tableName, Key: keys.address(userId, addressId), ConditionExpression: 'attribute_exists(PK)' } },
        {
          Update: {
            TableName: tableName,
            Key: keys.user(userId),
            UpdateExpression: 'ADD addressCount :minusOne',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
      ],
    });
    if (outcome.ok) return true;
    if (outcome.failedIndex === 0) return false;
    throw outcome.error;
  },

  async deleteUserData(userId, tokensValidAfterMs) {
    // Revoke first, so tokens stop working even if the clean-up below is interrupted.
    await sessionStore.revokeAllBefore(userId, tokensValidAfterMs, 'account-deleted');
    // The search entries live outside the user's partition: removed while the profile still names them.
    const { Item: profile } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.user(userId), ConsistentRead: true }));
    const entries = profile ? searchIndexChanges(userId, searchTerms(toProfile(profile)), []) : [];
    if (entries.length) await transactWrite({ TransactItems: entries });
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.userPartition(userId) },
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: cursor,
      }));
      const deletions = (page.Items ?? []).filter((item) => item.SK !== keys.tokenMarker(userId).SK);
      for (let i = 0; i < deletions.length; i += 25) {
        const batch = deletions.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
        let pending: typeof batch | undefined = batch;
        for (let attempt = 0; pending && pending.length > 0; attempt++) {
          if (attempt > 5) throw new Error('Could not delete all user items (unprocessed after retries)');
          const result = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = result.UnprocessedItems?.[tableName] as typeof batch | undefined;
          if (pending?.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        }
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    await ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.tokenMarker(userId),
      UpdateExpression: 'SET expiresAt = :ttl',
      ExpressionAttributeValues: { ':ttl': Math.floor(tokensValidAfterMs / 1000) + TOMBSTONE_TTL_SECONDS },
    }));
  },
};

/**
 * What the token check of every authenticated request reads (one strongly consistent GetItem of the
 * marker): the instant before which the user's tokens are dead, and whether the admin role was
 * revoked through the API (admin routes then refuse the user whatever the token's group claim says).
 */
export async function sessionState(userId: string): Promise<SessionState> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.tokenMarker(userId), ConsistentRead: true }));
  return toSessionState(Item);
}

/** The marker item (absent: never revoked) as the session check reads it. */
export const toSessionState = (item: Record<string, unknown> | undefined): SessionState => ({
  validAfterMs: (item?.validAfterMs as number | undefined) ?? 0,
  adminRevoked: item?.adminRevokedAtMs !== undefined,
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export const sessionStore: SessionStore = {
  async recordLogin(refreshToken, userId, atMs) {
    await ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.session(hashToken(refreshToken)),
        entity: 'Session',
        userId,
        atMs,
        expiresAt: Math.floor(atMs / 1000) + SESSION_TTL_SECONDS,
      },
    }));
  },

  async findLogin(refreshToken) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.session(hashToken(refreshToken)) }));
    return Item ? { userId: Item.userId as string, atMs: Item.atMs as number } : undefined;
  },

  async tokensValidAfter(userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.tokenMarker(userId), ConsistentRead: true }));
    return (Item?.validAfterMs as number | undefined) ?? 0;
  },

  async revokeAllBefore(userId, atMs, reason) {
    // Monotonic: a late or repeated logout never moves the marker back.
    await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.tokenMarker(userId),
      // `userId` and `reason` too: the stream consumers that close the user's WebSocket connections and
      // publish `PasswordChanged` (the outbox) read them.
      UpdateExpression: 'SET validAfterMs = :at, entity = :entity, userId = :userId, reason = :reason',
      ConditionExpression: 'attribute_not_exists(validAfterMs) OR validAfterMs < :at',
      ExpressionAttributeValues: { ':at': atMs, ':entity': 'TokenMarker', ':userId': userId, ':reason': reason },
    })));
    await revocationSettled();
  },
};

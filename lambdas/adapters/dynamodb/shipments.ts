import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ShipmentEventRecord, ShipmentRecord, ShipmentRepository } from '#domain/logistics/records.js';
import { conditionalTransaction, ddb, tableName } from './client.js';
import * as keys from './keys.js';
import { orderTransitionUpdate } from './order-writes.js';

type Item = Record<string, unknown>;
const strip = ({ PK: _pk, SK: _sk, GSI3PK: _g, GSI3SK: _s, entity: _e, ...rest }: Item) => rest;
const toShipment = (item: Item) => strip(item) as unknown as ShipmentRecord;
const toEvent = (item: Item) => strip(item) as unknown as ShipmentEventRecord;

/** Shipments, their slot and their tracking events, in the order's partition (docs/data-model.md). */
export const shipmentRepository: ShipmentRepository = {
  async claimSlot(shipment) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { Put: { TableName: tableName, Item: { ...keys.shipmentSlot(shipment.orderId), entity: 'ShipmentSlot', shipmentId: shipment.shipmentId, at: shipment.createdAt }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: tableName, Item: { ...keys.shipment(shipment.orderId, shipment.shipmentId), entity: 'Shipment', ...shipment }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
    });
    if (outcome.ok) return { ok: true };
    if (outcome.failedIndex !== 0) throw outcome.error;
    const { Item: slot } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.shipmentSlot(shipment.orderId), ConsistentRead: true }));
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.shipment(shipment.orderId, slot?.shipmentId as string), ConsistentRead: true }));
    if (!Item) throw new Error(`Shipment slot of order ${shipment.orderId} names a missing shipment`);
    return { ok: false, holder: toShipment(Item) };
  },

  async activate(shipment) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: tableName, Key: keys.order(shipment.orderId), ConditionExpression: '#status = :paid',
            ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':paid': 'PAID' },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.shipment(shipment.orderId, shipment.shipmentId), ...keys.carrierShipmentIndex(shipment.carrier, shipment.carrierShipmentId ?? ''), entity: 'Shipment', ...shipment },
            ConditionExpression: '#status = :buying',
            ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':buying': 'BUYING' },
          },
        },
      ],
    });
    if (outcome.ok) return true;
    if (outcome.failedIndex === 1) return true;
    if (outcome.failedIndex === 0) return false;
    throw outcome.error;
  },

  async release(shipment) {
    await conditionalTransaction({
      TransactItems: [
        { Delete: { TableName: tableName, Key: keys.shipmentSlot(shipment.orderId), ConditionExpression: 'shipmentId = :id', ExpressionAttributeValues: { ':id': shipment.shipmentId } } },
        { Delete: { TableName: tableName, Key: keys.shipment(shipment.orderId, shipment.shipmentId) } },
      ],
    });
  },

  async cancel(shipment, at) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Update: {
            TableName: tableName, Key: keys.shipment(shipment.orderId, shipment.shipmentId),
            UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at', ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':active': 'ACTIVE', ':at': at },
          },
        },
        { Delete: { TableName: tableName, Key: keys.shipmentSlot(shipment.orderId), ConditionExpression: 'shipmentId = :id', ExpressionAttributeValues: { ':id': shipment.shipmentId } } },
      ],
    });
    // Index 0: cancelled already (a repeated cancellation), nothing to do.
    if (!outcome.ok && outcome.failedIndex !== 0) throw outcome.error;
  },

  async listByOrder(orderId) {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.order(orderId).PK, ':prefix': keys.shipmentPrefix },
      ConsistentRead: true,
    }));
    const shipments = Items.filter((i) => i.entity === 'Shipment').map(toShipment);
    const events = Items.filter((i) => i.entity === 'ShipmentEvent').map(toEvent).sort((a, b) => a.at.localeCompare(b.at));
    return shipments.map((shipment) => ({ shipment, events: events.filter((e) => e.shipmentId === shipment.shipmentId) }));
  },

  async findByCarrierId(carrier, carrierShipmentId) {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI3,
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK = :sk',
      ExpressionAttributeValues: { ':pk': keys.carrierShipmentIndex(carrier, carrierShipmentId).GSI3PK, ':sk': 'SHIPMENT' },
    }));
    return Items[0] ? toShipment(Items[0]) : undefined;
  },

  async recordEvent(event, order, entries, to, correlationId) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.shipmentEvent(event.orderId, event.shipmentId, event.eventId), entity: 'ShipmentEvent', ...event },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Update: orderTransitionUpdate(order, to, {
            at: entries[entries.length - 1].at, entries, correlationId,
            set: to === 'SHIPPED' ? { carrier: event.carrier, trackingCode: event.trackingCode ?? undefined } : undefined,
          }),
        },
      ],
    });
    if (outcome.ok) return 'recorded';
    if (outcome.failedIndex === 0) return 'duplicate';
    if (outcome.failedIndex === 1) return 'order-moved';
    throw outcome.error;
  },
};

/** The sandbox carrier's labels, one per idempotency key (our shipment id). */
export const sandboxShipmentStore = {
  async putOnce(carrierShipmentId: string, item: Item): Promise<Item> {
    await ddb.send(new PutCommand({
      TableName: tableName, Item: { ...keys.sandboxShipment(carrierShipmentId), entity: 'SandboxShipment', ...item },
      ConditionExpression: 'attribute_not_exists(PK)',
    })).catch((error: unknown) => {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    });
    return (await this.get(carrierShipmentId)) as Item;
  },
  async get(carrierShipmentId: string): Promise<Item | undefined> {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxShipment(carrierShipmentId), ConsistentRead: true }));
    return Item;
  },
  /** Cancels the label unless the carrier has the parcel (`posted`): false then. Cancelling a cancelled label is true again. */
  async cancel(carrierShipmentId: string): Promise<boolean> {
    try {
      await ddb.send(new UpdateCommand({
        TableName: tableName, Key: keys.sandboxShipment(carrierShipmentId), UpdateExpression: 'SET #status = :cancelled', ConditionExpression: '#status <> :posted',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':cancelled': 'cancelled', ':posted': 'posted' },
      }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
  /** The parcel reached the carrier (a POSTED or later event was played): its label can no longer be cancelled. */
  async markPosted(carrierShipmentId: string): Promise<void> {
    await ddb.send(new UpdateCommand({
      TableName: tableName, Key: keys.sandboxShipment(carrierShipmentId), UpdateExpression: 'SET #status = :posted',
      ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':posted': 'posted' },
    }));
  },
};

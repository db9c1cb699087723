import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DOMAIN_EVENTS, type DomainEvent, envelope } from '#domain/events.js';
import { awsEndpoint, requireEnv } from '#shared/config.js';
import { injectFaults } from '../faults.js';

const client = new EventBridgeClient({ endpoint: awsEndpoint('EVENTBRIDGE'), maxAttempts: 5 });
injectFaults(client, 'events');
const eventBusName = requireEnv('EVENT_BUS_NAME');

/** Publishes domain events (at most 10 per call, as PutEvents allows); throws if any entry failed. */
export async function publishEvents(events: DomainEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    const result = await client.send(new PutEventsCommand({
      Entries: batch.map((event) => ({
        EventBusName: eventBusName,
        Source: DOMAIN_EVENTS[event.name].source,
        DetailType: event.name,
        Time: new Date(event.time),
        Detail: JSON.stringify(envelope(event)),
      })),
    }));
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failed = (result.Entries ?? []).filter((e) => e.ErrorCode).map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`);
      throw new Error(`EventBridge rejected ${result.FailedEntryCount} event(s): ${failed.join('; ')}`);
    }
  }
}

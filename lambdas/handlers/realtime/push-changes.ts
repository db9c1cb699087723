import { connections, gateway } from '#compose/realtime.js';
import { deliver } from '#domain/realtime/connections.js';
import { pushesFor } from '#domain/realtime/messages.js';
import { stream } from '#triggers/stream.js';

/**
 * Live tracking: every order status change (and shipment event) on the table's stream goes to its
 * owner's connections (`order.status`, `shipment.event`) and to the admin feed (`admin.order`).
 */
export const handler = stream(async ({ next, previous }) => {
  const pushes = pushesFor(next, previous);
  if (pushes.length) await deliver({ connections, gateway }, pushes);
});

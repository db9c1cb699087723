/**
 * The test-stage hooks (docs/testing.md): routes deployed only to stages whose config marks them as
 * test stages (`-c testHooks=true`; never prod, lib/stage-config.ts) and served by the local stack,
 * which is one. Not part of the customer contract, so not in `routes` nor the OpenAPI document.
 * Each request is signed with the stage's test secret (lambdas/http/test-hooks.ts).
 */
import * as hooks from '#domain/test-hooks/schemas.js';
import type { HttpRoute } from './types.js';

export const testHookRoutes = {
  'GET /test-hooks': {
    handler: 'test-hooks/describe', access: 'public', tag: 'Test hooks',
    summary: 'What a black-box test needs to know about this test stage: the e-mail domain whose sign-ups need no code',
    success: { status: 200, body: hooks.TestStage }, errors: [401],
  },
  'POST /test-hooks/sandbox/cards': {
    handler: 'test-hooks/sandbox-card', access: 'public', grants: ['table:write'], tag: 'Test hooks',
    summary: 'The sandbox gateway tokenises a test card (4111111111111111 approves, 4000000000000002 declines)',
    body: hooks.SandboxCardBody, success: { status: 201, body: hooks.SandboxCardToken }, errors: [401],
  },
  'POST /test-hooks/sandbox/pix-payments': {
    handler: 'test-hooks/pay-pix', access: 'public', grants: ['table:write', 'payments:provider'], tag: 'Test hooks',
    summary: 'The payer pays a sandbox Pix charge; its signed webhook is handled as the public webhook route would',
    body: hooks.SandboxPixPaymentBody, success: { status: 200, body: hooks.SandboxPixPaid }, errors: [401, 404],
  },
  'POST /test-hooks/sandbox/tracking-events': {
    handler: 'test-hooks/tracking-event', access: 'public', grants: ['table:write', 'carrier:provider'], tag: 'Test hooks',
    summary: 'The sandbox carrier reports a tracking event of a shipment; its signed webhook is handled as the public webhook route would',
    body: hooks.SandboxTrackingEventBody, success: { status: 200, body: hooks.SandboxTrackingPlayed }, errors: [401, 404],
  },
} as const satisfies Record<string, HttpRoute>;

/**
 * Sends one signed webhook (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, signed with npm `standardwebhooks`) to an integrator's endpoint, safely:
 *
 * - the host is resolved here, every address it resolves to is checked (domain/webhooks/addresses.ts),
 *   and the connection goes to the address that was checked (a `lookup` that answers it), so a DNS
 *   answer that changes between the check and the connection (DNS rebinding) cannot move the
 *   request to a private address; TLS still verifies the certificate for the URL's host name;
 * - redirects are not followed (a 3xx is a failed attempt);
 * - the whole request has a timeout, and at most RESPONSE_BYTES of the body are read.
 * Faults of the receiver (refused, reset, timeout, TLS, 4xx/5xx) are results, never thrown.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { classifyAddress, isDeliverableAddress } from '#domain/webhooks/addresses.js';
import type { SendResult, WebhookSender } from '#domain/webhooks/webhooks.js';

const RESPONSE_BYTES = 4096;

export interface SenderOptions {
  allowLoopback: boolean;
  timeoutMs: number;
  resolve?: (host: string) => Promise<string[]>;
}

export const resolveAll = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** A `lookup` for http(s).request that answers the one address already checked, whatever the host. */
const pinnedLookup = (address: string): LookupFunction => (_host, options, callback) => {
  const family = address.includes(':') ? 6 : 4;
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
  else callback(null, address, family);
};

export function createSender(options: SenderOptions): WebhookSender {
  const resolve = options.resolve ?? resolveAll;
  return {
    async send(target, message): Promise<SendResult> {
      const url = new URL(target.url);
      if (url.protocol !== 'https:' && !(options.allowLoopback && url.protocol === 'http:')) return { ok: false, statusCode: null, error: 'refused: url must use https' };
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      let addresses: string[];
      try {
        addresses = await resolve(host);
      } catch {
        return { ok: false, statusCode: null, error: 'host does not resolve' };
      }
      if (addresses.length === 0) return { ok: false, statusCode: null, error: 'host does not resolve' };
      if (addresses.some((a) => !isDeliverableAddress(a, options.allowLoopback))) {
        return { ok: false, statusCode: null, error: 'refused: host resolves to a private, loopback, link-local or reserved address' };
      }
      if (url.protocol === 'http:' && !addresses.every((a) => classifyAddress(a) === 'loopback')) return { ok: false, statusCode: null, error: 'refused: url must use https' };
      const signature = new Webhook(target.secret).sign(message.id, message.timestamp, message.body);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'big-ecommerce-webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      };
      return post(url, addresses[0], headers, message.body, options.timeoutMs);
    },
  };
}

function post(url: URL, address: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
  return new Promise((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(address),
      agent: false,
    });
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, statusCode: null, error: `timeout after ${timeoutMs} ms` }), timeoutMs);
    request.on('error', (error) => finish({ ok: false, statusCode: null, error: `request failed: ${error.message}`.slice(0, 300) }));
    request.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      let read = 0;
      const done = () => finish(statusCode >= 200 && statusCode < 300
        ? { ok: true, statusCode }
        : { ok: false, statusCode, error: statusCode >= 300 && statusCode < 400 ? 'redirect not followed' : `HTTP ${statusCode}` });
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= RESPONSE_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(body);
  });
}

/** The fake's HTTP plumbing: MP-shaped errors, JSON bodies in and out, and the headers every route checks. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type CauseList = Array<{ code: string | number; description: string }>;

/** An error the fake answers with MP's error body (`message`, `error`, `status`, `cause`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly cause_: CauseList = [],
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  /** JSON, unless `text` is given. */
  body: unknown;
  /** A non-JSON answer (the browser SDK's script and field pages), with its content type. */
  text?: { contentType: string; value: string };
  headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Malformed JSON body', [{ code: 1, description: 'Params Error' }]);
}

export function send(res: ServerResponse, { status, body, text, headers }: Reply): void {
  const value = text?.value ?? JSON.stringify(body);
  res.writeHead(status, { 'content-type': text?.contentType ?? 'application/json', 'content-length': Buffer.byteLength(value), ...headers });
  res.end(value);
}

/** MP's error body for an HttpError; anything else is a 500. */
export function errorReply(error: unknown): Reply {
  if (!(error instanceof HttpError)) return { status: 500, body: { message: String(error), error: 'internal_error', status: 500, cause: [] } };
  const label = error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : error.status >= 500 ? 'internal_error' : 'bad_request';
  return { status: error.status, body: { message: error.message, error: label, status: error.status, cause: error.cause_ } };
}

export function requireBearer(req: IncomingMessage, accessToken: string): void {
  if (req.headers.authorization !== `Bearer ${accessToken}`) {
    throw new HttpError(401, 'invalid access token', [{ code: 401, description: 'invalid_token' }]);
  }
}

/** The X-Idempotency-Key header, required on payment and refund creation. */
export function idempotencyKey(req: IncomingMessage): string {
  const key = req.headers['x-idempotency-key'];
  if (typeof key !== 'string' || key === '') throw new HttpError(400, 'Header X-Idempotency-Key can not be null', [{ code: 4292, description: 'Header-X-Idempotency-Key-can’t-be-null' }]);
  return key;
}

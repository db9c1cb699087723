import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from '#shared/config.js';

/**
 * One AWS API call as a SigV4-signed HTTPS request, without the service's SDK client. Each SDK
 * client brings its own schemas, error classes and a larger share of @smithy/core (Cognito ~40 KB,
 * SES ~115 KB, SMS ~115 KB, SQS ~25 KB minified), while the signer is already in every function's
 * bundle through the DynamoDB client. The calls here are the few operations we use, with the
 * protocol written out: awsJson (`x-amz-target`) for Cognito, SQS, End User Messaging SMS and
 * Secrets Manager, REST-JSON for SES v2.
 *
 * What the SDK did that this keeps: the runtime's credentials and region from the environment
 * (Lambda sets them), up to 3 attempts for throttling, 500/502/503/504 answers and network errors
 * with the SDK's full-jitter backoff (base 100 ms, 500 ms when throttled), and errors whose `name`
 * is the service's error code (the adapters match on `error.name`). Operations that the service
 * takes without AWS credentials (Cognito's SignUp, InitiateAuth ...) are sent unsigned, as the SDK
 * sends them.
 */

/** node:crypto behind the hash interface SigV4 takes (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** An error answer of an AWS service: `name` is its error code (`UsernameExistsException`, ...). */
export class AwsServiceError extends Error {
  constructor(code: string, message: string, readonly status: number) {
    super(message);
    this.name = code;
  }
}

/** The SDK's throttling codes (@smithy/service-error-classification), retried with the longer base. */
const THROTTLING = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException',
  'TooManyRequestsException', 'TransactionInProgressException',
]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const MAX_ATTEMPTS = 3;

export interface AwsRequest {
  /** SigV4 signing name (`cognito-idp`, `sqs`, `ses`, `s3`, ...). */
  readonly service: string;
  readonly url: URL;
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** false for operations the service takes without credentials. */
  readonly signed?: boolean;
  readonly region?: string;
  /** Per attempt; none by default (as the SDK's Node handler). */
  readonly timeoutMs?: number;
  readonly fetchImpl?: typeof fetch;
}

/** SigV4 with the runtime's credentials; S3 wants its path unescaped and the payload hash as a header. */
export function signer(service: string, region: string): SignatureV4 {
  const sessionToken = optionalEnv('AWS_SESSION_TOKEN');
  return new SignatureV4({
    service,
    region,
    credentials: { accessKeyId: requireEnv('AWS_ACCESS_KEY_ID'), secretAccessKey: requireEnv('AWS_SECRET_ACCESS_KEY'), ...(sessionToken ? { sessionToken } : {}) },
    sha256: NodeSha256,
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
}

async function sign(request: AwsRequest, region: string): Promise<Record<string, string>> {
  const headers = { ...request.headers, host: request.url.host };
  if (request.signed === false) return headers;
  const signed = await signer(request.service, region).sign({
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    port: request.url.port ? Number(request.url.port) : undefined,
    path: request.url.pathname,
    query: Object.fromEntries(request.url.searchParams),
    headers,
    body: request.body,
  });
  return signed.headers;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service's answer: status, headers and the whole body. */
export interface AwsAnswer { readonly status: number; readonly headers: Headers; readonly bytes: Uint8Array }

/** The JSON protocols' error: the header, else `code` or `__type`, without namespace or suffix (as the SDK reads it). */
function jsonError(answer: AwsAnswer): AwsServiceError {
  let body: Record<string, unknown> = {};
  try {
    body = answer.bytes.length ? (JSON.parse(Buffer.from(answer.bytes).toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the status names the error
  }
  const raw = answer.headers.get('x-amzn-errortype') ?? (typeof body.code === 'string' ? body.code : undefined) ?? (typeof body.__type === 'string' ? body.__type : undefined) ?? `Http${answer.status}`;
  const noSuffix = raw.split(':')[0];
  const code = noSuffix.slice(noSuffix.lastIndexOf('#') + 1);
  const message = body.message ?? body.Message;
  return new AwsServiceError(code, typeof message === 'string' ? message : code, answer.status);
}

/**
 * Sends the request (signed unless `signed: false`), retrying as the SDK's standard mode does, and
 * answers a 2xx; any other answer throws the AwsServiceError `errorOf` reads from it.
 */
export async function awsFetch(request: AwsRequest, errorOf: (answer: AwsAnswer) => AwsServiceError = jsonError): Promise<AwsAnswer> {
  const region = request.region ?? requireEnv('AWS_REGION');
  const fetchImpl = request.fetchImpl ?? fetch;
  for (let attempt = 1; ; attempt++) {
    let retryBase = 100;
    try {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: await sign(request, region),
        body: request.body,
        signal: request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined,
      });
      const answer = { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
      if (response.ok) return answer;
      const error = errorOf(answer);
      const throttled = THROTTLING.has(error.name) || response.status === 429;
      if (attempt >= MAX_ATTEMPTS || !(throttled || TRANSIENT_STATUS.has(response.status))) throw error;
      if (throttled) retryBase = 500;
    } catch (error) {
      if (error instanceof AwsServiceError) throw error;
      // Network errors (fetch's TypeError) and per-attempt timeouts are retried like the SDK's.
      const transient = error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError');
      if (!transient || attempt >= MAX_ATTEMPTS) throw error;
    }
    await sleep(Math.random() * Math.min(20_000, retryBase * 2 ** attempt));
  }
}

/** awsFetch for the JSON protocols: answers the parsed body of a 2xx (`{}` when empty). */
export async function awsCall<T>(request: AwsRequest): Promise<T> {
  const answer = await awsFetch(request);
  const text = Buffer.from(answer.bytes).toString('utf8');
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    throw new AwsServiceError('InvalidResponse', `${request.service} answered a body that is not JSON`, answer.status);
  }
}

export interface AwsJsonService {
  /** SigV4 signing name, also the endpoint's first label unless `endpoint` is given. */
  readonly service: string;
  /** The `x-amz-target` prefix (`AWSCognitoIdentityProviderService`, `AmazonSQS`, ...). */
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
  /** Another endpoint (local emulators, tests); else https://<service>.<region>.amazonaws.com/. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Operations sent without a signature. */
  readonly unsigned?: ReadonlySet<string>;
  readonly timeoutMs?: number;
}

/** A caller of one awsJson service: `call('SignUp', {...})` answers the operation's output. */
export function awsJsonService(config: AwsJsonService) {
  return <T = Record<string, unknown>>(operation: string, input: object, fetchImpl?: typeof fetch): Promise<T> => {
    const region = config.region ?? requireEnv('AWS_REGION');
    return awsCall<T>({
      service: config.service,
      url: new URL(config.endpoint ?? `https://${config.service}.${region}.amazonaws.com/`),
      method: 'POST',
      headers: { 'content-type': `application/x-amz-json-${config.jsonVersion}`, 'x-amz-target': `${config.targetPrefix}.${operation}` },
      body: JSON.stringify(input),
      signed: !config.unsigned?.has(operation),
      region,
      timeoutMs: config.timeoutMs,
      fetchImpl,
    });
  };
}

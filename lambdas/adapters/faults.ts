/**
 * Faults on purpose (docs/faults.md): the local stack and test stages can fail a chosen fraction of
 * the calls this process makes to DynamoDB, to the payment provider and to the event bus, to show
 * that money, stock and events stay right when dependencies misbehave. Production never has it: the
 * CDK refuses the setting in a production stage (lib/stage-config.ts), and without `FAULT_INJECTION`
 * nothing here does anything but one comparison per call.
 *
 * Two kinds of fault, as the network gives them:
 * - `error`: the call fails before it reaches the dependency (a throttle, a 5xx): nothing happened;
 * - `timeout`: the call reaches the dependency and is applied, then the answer is lost: the caller
 *   sees a timeout and cannot know that it worked (the case that double-charges or double-counts
 *   when a retry is not idempotent).
 */
import { optionalEnv } from '#shared/config.js';

export const FAULT_TARGETS = ['dynamodb', 'payments', 'events'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface FaultSettings {
  /** Fraction of calls that fail, 0 to 0.5. */
  readonly rate: number;
  /** Of the failed calls, the fraction that are lost answers (`timeout`) rather than refusals (`error`). */
  readonly timeoutShare: number;
  readonly targets: readonly FaultTarget[];
  /**
   * Makes the draws reproducible: each target gets its own seeded sequence, so its n-th call meets
   * the same fault in every run whatever the other targets do (absent: Math.random).
   */
  readonly seed?: number;
}

const OFF: FaultSettings = { rate: 0, timeoutShare: 0, targets: [] };

/** Settings from a JSON value (`FAULT_INJECTION`, `POST /_local/faults`); throws a readable message on a bad one. */
export function parseFaultSettings(value: unknown): FaultSettings {
  const input = (value ?? {}) as Record<string, unknown>;
  const rate = input.rate ?? 0;
  const timeoutShare = input.timeoutShare ?? 0.5;
  const targets = input.targets ?? [...FAULT_TARGETS];
  const seed = input.seed;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 0.5)) throw new Error('rate must be a number from 0 to 0.5');
  if (typeof timeoutShare !== 'number' || !(timeoutShare >= 0 && timeoutShare <= 1)) throw new Error('timeoutShare must be a number from 0 to 1');
  if (!Array.isArray(targets) || !targets.every((t) => (FAULT_TARGETS as readonly unknown[]).includes(t))) {
    throw new Error(`targets must be a list of ${FAULT_TARGETS.join(', ')}`);
  }
  if (seed !== undefined && !(Number.isInteger(seed) && (seed as number) >= 0)) throw new Error('seed must be a non-negative integer');
  return { rate, timeoutShare, targets: [...new Set(targets as FaultTarget[])], ...(seed === undefined ? {} : { seed: seed as number }) };
}

/** mulberry32: a small, well-mixed 32-bit generator (reproducibility is all that is asked of it here). */
const seeded = (state: number) => () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

const sequencesOf = ({ seed }: FaultSettings): Partial<Record<FaultTarget, () => number>> =>
  (seed === undefined ? {} : Object.fromEntries(FAULT_TARGETS.map((target, index) => [target, seeded(seed + index)])));

// The CDK never sets FAULT_INJECTION in production; were it set there by hand, it is ignored.
const fromEnv = optionalEnv('STAGE') === 'prod' ? undefined : optionalEnv('FAULT_INJECTION');
let settings: FaultSettings = fromEnv ? parseFaultSettings(JSON.parse(fromEnv)) : OFF;
let sequences = sequencesOf(settings);
const injected: Record<FaultTarget, { error: number; timeout: number }> = {
  dynamodb: { error: 0, timeout: 0 }, payments: { error: 0, timeout: 0 }, events: { error: 0, timeout: 0 },
};

/** The local stack's switch (`POST /_local/faults`); `rate: 0` turns it off. */
export function setFaults(next: FaultSettings): void {
  settings = next;
  sequences = sequencesOf(next);
}

export function faultSettings(): FaultSettings & { injected: typeof injected } {
  return { ...settings, injected: structuredClone(injected) };
}

/** The fault this call gets, if any. */
export function drawFault(target: FaultTarget, random: () => number = sequences[target] ?? Math.random): 'error' | 'timeout' | undefined {
  if (settings.rate === 0 || !settings.targets.includes(target) || random() >= settings.rate) return undefined;
  const kind = random() < settings.timeoutShare ? 'timeout' : 'error';
  injected[target][kind]++;
  return kind;
}

/**
 * An error shaped like the AWS SDK's own transient ones (its retry strategy retries it, as it would
 * a real throttle or timeout, and the HTTP layer answers 503 with Retry-After if it gets through).
 */
export class InjectedFault extends Error {
  readonly $retryable = { throttling: false };
  readonly $metadata = { httpStatusCode: 503 };
  constructor(readonly target: FaultTarget, readonly kind: 'error' | 'timeout') {
    super(kind === 'timeout' ? `Injected fault: ${target} call applied, answer lost (timeout)` : `Injected fault: ${target} call refused`);
    this.name = kind === 'timeout' ? 'TimeoutError' : 'ServiceUnavailable';
  }
}

/** Runs `call` under the fault switch: refused before it runs, or run and its answer lost. */
export async function withFaults<T>(target: FaultTarget, call: () => Promise<T>): Promise<T> {
  const fault = drawFault(target);
  if (fault === 'error') throw new InjectedFault(target, 'error');
  const result = await call();
  if (fault === 'timeout') throw new InjectedFault(target, 'timeout');
  return result;
}

interface MiddlewareStack {
  add(middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>, options: { step: 'deserialize'; name: string }): void;
}

/**
 * Puts the switch on an SDK v3 client, inside its retry loop (the deserialize step runs once per
 * attempt), so the SDK retries injected faults as it retries real ones.
 */
export function injectFaults(client: { middlewareStack: unknown }, target: FaultTarget): void {
  (client.middlewareStack as MiddlewareStack).add(
    (next) => (args) => withFaults(target, () => next(args)),
    { step: 'deserialize', name: `faultInjection-${target}` },
  );
}

/**
 * CPU profiles of a running local stack through the V8 inspector (Chrome DevTools Protocol over a
 * WebSocket), for the benchmarks: the stack is spawned with `NODE_OPTIONS=--inspect=127.0.0.1:0`
 * (each Node process opens the inspector on a free port and prints it), `profileDuring` samples
 * every such process while a load runs and keeps the busiest one (the gateway with its handlers),
 * `summarizeProfile` turns it into the frames and packages where the time went.
 */
import { WebSocket } from 'ws';

/** The environment that makes a spawned stack's Node processes open an inspector on a free port. */
export const INSPECT_ENV = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The inspector WebSocket URLs printed so far (`Debugger listening on ws://...`). */
export const inspectorUrls = (output: string): string[] => [...new Set([...output.matchAll(/Debugger listening on (ws:\/\/\S+)/g)].map((m) => m[1]))];

function devtools(url: string): Promise<{ send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    let nextId = 1;
    const pending = new Map<number, { resolve(value: Record<string, unknown>): void; reject(error: Error): void }>();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id as number);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result ?? {});
    });
    socket.once('error', reject);
    socket.once('open', () => resolve({
      send: (method, params = {}) => new Promise((ok, fail) => {
        const id = nextId++;
        pending.set(id, { resolve: ok, reject: fail });
        socket.send(JSON.stringify({ id, method, params }));
      }),
      close: () => socket.close(),
    }));
  });
}

/** Samples every inspector target (100 µs interval) while `during` runs; returns the profile with the most busy samples. */
export async function profileDuring<T>(urls: readonly string[], during: () => Promise<T>): Promise<{ result: T; profile: CpuProfile | undefined }> {
  const sessions = await Promise.all(urls.map(async (url) => {
    const session = await devtools(url);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    return session;
  }));
  const stopAll = () => Promise.all(sessions.map(async (session) => {
    const { profile } = await session.send('Profiler.stop') as { profile: CpuProfile };
    session.close();
    return profile;
  }));
  let result: T;
  try {
    result = await during();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const profiles = await stopAll();
  const busy = (p: CpuProfile) => p.nodes.reduce((sum, n) => sum + (isIdle(n.callFrame) ? 0 : (n.hitCount ?? 0)), 0);
  return { result, profile: profiles.sort((a, b) => busy(b) - busy(a))[0] };
}

const isIdle = (frame: CallFrame) => frame.functionName === '(idle)';

/** Where a frame's code lives: a package, a file of this repository, Node's internals, or V8's pseudo-frames. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native V8 code)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const own = /\/(lambdas|local|scripts)\/(.+)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

/** Function and file (with the line in packages; this repository's files run through tsx, whose lines are not the source's). */
const frameLabel = (frame: CallFrame) => {
  const own = /\/((?:lambdas|local|scripts)\/.+)$/.exec(frame.url);
  const file = own ? own[1] : frame.url ? `${frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
};

export interface ProfileSummary {
  /** Busy samples (idle excluded) and the share of them that each row holds. */
  busyMs: number;
  selfByArea: { area: string; share: number }[];
  selfByFrame: { frame: string; share: number }[];
  /** Inclusive time of the frames that hold the most (a frame counted once per stack, however deep it recurses). */
  totalByFrame: { frame: string; share: number }[];
}

export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const sampleMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const busySamples = profile.nodes.reduce((sum, n) => sum + (isIdle(n.callFrame) ? 0 : (n.hitCount ?? 0)), 0) || 1;
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const selfArea = new Map<string, number>();
  const selfFrame = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (node: ProfileNode, onStack: Set<string>): number => {
    const label = frameLabel(node.callFrame);
    let sum = isIdle(node.callFrame) ? 0 : (node.hitCount ?? 0);
    if (sum) {
      add(selfArea, areaOf(node.callFrame), sum);
      add(selfFrame, label, sum);
    }
    const outer = !onStack.has(label);
    if (outer) onStack.add(label);
    for (const child of node.children ?? []) sum += walk(byId.get(child) as ProfileNode, onStack);
    if (outer) {
      onStack.delete(label);
      add(total, label, sum);
    }
    return sum;
  };
  walk(profile.nodes[0], new Set());
  const rows = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, n]) => ({ key, share: n / busySamples }));
  return {
    busyMs: busySamples * sampleMs,
    selfByArea: rows(selfArea).map(({ key, share }) => ({ area: key, share })),
    selfByFrame: rows(selfFrame).map(({ key, share }) => ({ frame: key, share })),
    totalByFrame: rows(total).filter(({ key }) => !key.startsWith('(root)')).map(({ key, share }) => ({ frame: key, share })),
  };
}

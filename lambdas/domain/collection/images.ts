/**
 * A collected product's external images into the image pipeline: fetched as politely as its pages
 * (./worker.ts `fetchImagePolitely`), then rendered like an upload (catalog/image-pipeline.ts). A
 * busy or throttling host puts the message back with a delay; a redirect to another host is asked
 * there next (its own robots.txt and pace); a refusal is final.
 */
import { type ExternalImageMessage, type ImagePipelineDeps, type RenderResult, renderSource } from '../catalog/image-pipeline.js';
import type { ImageQueue } from './image-queue.js';
import { fetchImagePolitely, type ImageFetchDeps, MAX_DEFERRALS } from './worker.js';

export type CollectImageDeps = ImagePipelineDeps & ImageFetchDeps & { queue: ImageQueue };

const MAX_DELAY_SECONDS = 900;

export type CollectImageResult = RenderResult | { kind: 'deferred' };

export async function collectImage(deps: CollectImageDeps, message: ExternalImageMessage): Promise<CollectImageResult> {
  const fetched = await fetchImagePolitely(deps, message.url);
  if (fetched.kind === 'ok') return renderSource(deps, { productId: message.productId, original: message.original, source: fetched.bytes, fetched: true });
  if (fetched.kind === 'refused') return { kind: 'refused', reason: fetched.reason };
  if (message.deferrals >= MAX_DEFERRALS) return { kind: 'refused', reason: `not fetched after ${message.deferrals} deferrals or hops` };
  const next = { ...message, deferrals: message.deferrals + 1, ...(fetched.kind === 'moved' ? { url: fetched.url } : {}) };
  const delaySeconds = fetched.kind === 'later' ? Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(fetched.waitMs / 1000))) : 0;
  await deps.queue.send([next], delaySeconds);
  return { kind: 'deferred' };
}

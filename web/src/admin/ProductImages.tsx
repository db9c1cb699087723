/**
 * A product's photos in the console: upload straight to S3 with the pre-signed PUT the API signs
 * (type by the file's first bytes and size checked here first, and again by the API and the
 * pipeline), then registered on the product; the renditions the pipeline makes (shown as they arrive); reorder and remove.
 */
import { type ChangeEvent, useState } from 'react';
import { api } from '../api/client';
import { type Product, refusal } from './api';

const TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
type UploadType = (typeof TYPES)[number];
const MAX_BYTES = 5 * 1024 * 1024;
/** How long the page waits for the renditions of an upload before saying they are late. */
const WAIT_MS = 60_000;
const POLL_MS = 1_500;

/** What a file's first bytes say it is (its name and the type the browser guesses from it are not trusted). */
export function imageTypeOf(head: Uint8Array): UploadType | undefined {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(ascii('RIFF')) && starts(ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** The PUT body that keeps everything of the product but its images. */
export function productBody(product: Product, changes: Partial<Pick<Product, 'images' | 'status'>>) {
  return {
    name: product.name, description: product.description, brand: product.brand ?? undefined, categoryIds: product.categoryIds,
    images: changes.images ?? product.images, status: changes.status ?? product.status,
    variants: product.variants.map((v) => ({ sku: v.sku, attributes: v.attributes, priceCents: v.priceCents, weightGrams: v.weightGrams })),
  };
}

const fresh = (id: string) => api.GET('/products/{id}', { params: { path: { id } }, cache: 'no-store' });

export function ProductImages({ product, onChange }: { product: Product; onChange: (product: Product) => void }) {
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const sets = new Map(product.imageSet.map((s) => [s.original, s]));

  /** Saves a new list of images, then shows the product as the API has it (with the renditions it knows). */
  const saveImages = async (images: string[], done: string): Promise<boolean> => {
    const { data, error: failure } = await api.PUT('/products/{id}', { params: { path: { id: product.id } }, body: productBody(product, { images }) })
      .catch(() => ({ data: undefined, error: undefined }));
    if (!data) {
      setError(refusal(failure));
      return false;
    }
    const read = await fresh(product.id).catch(() => ({ data: undefined }));
    onChange(read.data ?? { ...data, imageSet: product.imageSet.filter((s) => images.includes(s.original)) });
    setNotice(done);
    return true;
  };

  const waitForRenditions = async (imageUrl: string) => {
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const { data } = await fresh(product.id).catch(() => ({ data: undefined }));
      if (data?.imageSet.some((s) => s.original === imageUrl)) {
        onChange(data);
        setNotice('Foto enviada e versões otimizadas prontas.');
        return;
      }
    }
    setNotice('Foto enviada. As versões otimizadas ainda não ficaram prontas: recarregue a página em instantes.');
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(undefined);
    setNotice(undefined);
    const type = imageTypeOf(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
    if (!type) return setError(`${file.name}: envie uma foto JPEG, PNG ou WebP.`);
    if (file.size > MAX_BYTES) return setError(`${file.name} tem ${sizeText(file.size)}; o limite é 5 MB.`);
    if (product.images.length >= 10) return setError('O produto já tem 10 fotos, o máximo. Remova uma antes de enviar outra.');
    setBusy(`Enviando ${file.name}…`);
    try {
      const signed = await api.POST('/products/{id}/images', {
        params: { path: { id: product.id } }, body: { contentType: type, fileName: file.name.slice(0, 200), sizeBytes: file.size },
      }).catch(() => ({ data: undefined, error: undefined }));
      if (!signed.data) return setError(refusal(signed.error));
      const put = await fetch(signed.data.uploadUrl, { method: 'PUT', headers: signed.data.headers, body: file.slice(0, file.size, type) }).catch(() => undefined);
      if (!put?.ok) return setError('O envio da foto falhou. Tente de novo.');
      setBusy('Gerando versões otimizadas…');
      if (await saveImages([...product.images, signed.data.imageUrl], 'Foto enviada; gerando versões otimizadas…')) await waitForRenditions(signed.data.imageUrl);
    } finally {
      setBusy(undefined);
    }
  };

  const move = (from: number, to: number) => {
    const images = [...product.images];
    const [moved] = images.splice(from, 1);
    images.splice(to, 0, moved);
    void saveImages(images, to === 0 ? 'Foto principal trocada.' : 'Ordem das fotos salva.');
  };
  const remove = (url: string) => {
    if (!window.confirm('Remover esta foto do produto?')) return;
    void saveImages(product.images.filter((image) => image !== url), 'Foto removida.');
  };

  return (
    <section aria-labelledby="images-title" className="product-images">
      <h2 id="images-title">Fotos</h2>
      <label className="upload">
        Enviar foto (JPEG, PNG ou WebP, até 5 MB)
        <input type="file" accept={TYPES.join(',')} onChange={upload} disabled={busy !== undefined} data-testid="image-file" />
      </label>
      {busy ? <p role="status" data-testid="image-busy">{busy}</p> : null}
      {error ? <p role="alert" className="form-error" data-testid="image-error">{error}</p> : null}
      {notice && !busy ? <p role="status" className="form-ok" data-testid="image-notice">{notice}</p> : null}
      {product.images.length === 0 ? <p>Nenhuma foto ainda.</p> : (
        <ol className="image-list" data-testid="images">
          {product.images.map((url, i) => {
            const set = sets.get(url);
            const preview = set?.renditions.find((r) => r.format === 'webp') ?? undefined;
            return (
              <li key={url} className="image-item" data-testid="image-item">
                <img src={preview?.url ?? url} alt={`Foto ${i + 1}${i === 0 ? ' (principal)' : ''}`} width={96} height={96} />
                <div>
                  <p><strong>Foto {i + 1}{i === 0 ? ' · principal' : ''}</strong>{set ? ` · original ${set.width} × ${set.height}` : ''}</p>
                  {set ? (
                    <ul className="renditions" aria-label={`Versões da foto ${i + 1}`} data-testid="renditions">
                      {set.renditions.map((r) => (
                        <li key={r.url}><a href={r.url} target="_blank" rel="noreferrer">{r.format.toUpperCase()} {r.width} × {r.height}</a></li>
                      ))}
                    </ul>
                  ) : <p className="muted">{url.startsWith('http') ? 'Versões otimizadas ainda não geradas.' : ''}</p>}
                  <div className="row-actions">
                    <button type="button" className="secondary" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`Subir a foto ${i + 1}`}>↑ Subir</button>
                    <button type="button" className="secondary" disabled={i === product.images.length - 1} onClick={() => move(i, i + 1)} aria-label={`Descer a foto ${i + 1}`}>↓ Descer</button>
                    <button type="button" className="danger" onClick={() => remove(url)} aria-label={`Remover a foto ${i + 1}`}>Remover</button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

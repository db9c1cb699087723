/**
 * A product image from its renditions (`imageSet` of `GET /products/{id}`): `<picture>` with AVIF
 * (when every width has one) and WebP sources and a JPEG `<img>` fallback, each with `srcset` by
 * width and the layout's `sizes`, so the browser downloads the smallest file that is sharp on the
 * screen. An image without renditions yet (just uploaded) is shown from its original URL.
 */
import type { Product } from '../api/client';

export type ImageSet = Product['imageSet'][number];
type Format = ImageSet['renditions'][number]['format'];

export function srcsetOf(set: ImageSet, format: Format): string {
  return set.renditions.filter((r) => r.format === format).sort((a, b) => a.width - b.width).map((r) => `${r.url} ${r.width}w`).join(', ');
}

/** The formats offered as `<source>`: AVIF only when it covers every width WebP does (a partial AVIF set would cap the sharpness). */
export function sourceFormats(set: ImageSet): Format[] {
  const widths = (format: Format) => set.renditions.filter((r) => r.format === format).map((r) => r.width).sort((a, b) => a - b).join();
  return widths('avif') && widths('avif') === widths('webp') ? ['avif', 'webp'] : ['webp'];
}

interface Props {
  url: string;
  set: ImageSet | undefined;
  alt: string;
  /** The image's displayed width per layout (the `sizes` attribute). */
  sizes: string;
  /** A JPEG this wide (or the next one up) is the `src` of browsers without `srcset`. */
  fallbackWidth?: number;
  lazy?: boolean;
}

export function ProductImage({ url, set, alt, sizes, fallbackWidth = 480, lazy = false }: Props) {
  const loading = lazy ? 'lazy' : undefined;
  const jpegs = set?.renditions.filter((r) => r.format === 'jpeg').sort((a, b) => a.width - b.width) ?? [];
  if (!set || !jpegs.length) return <img src={url} alt={alt} loading={loading} decoding="async" />;
  const fallback = jpegs.find((r) => r.width >= fallbackWidth) ?? jpegs[jpegs.length - 1];
  return (
    <picture>
      {sourceFormats(set).map((format) => <source key={format} type={`image/${format}`} srcSet={srcsetOf(set, format)} sizes={sizes} />)}
      <img src={fallback.url} srcSet={srcsetOf(set, 'jpeg')} sizes={sizes} width={set.width} height={set.height} alt={alt} loading={loading} decoding="async" />
    </picture>
  );
}

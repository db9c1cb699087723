/** Lower-case, accent-free form used for slugs and search ("Café" -> "cafe"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Categories may nest at most this deep (root = level 1). */
export const MAX_CATEGORY_DEPTH = 3;

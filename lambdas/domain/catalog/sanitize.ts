import sanitizeHtml from 'sanitize-html';

/**
 * Product descriptions arrive from admins and from scraped marketplace pages. They are stored
 * sanitised: a small set of formatting tags, links only to http(s)/mailto, no attributes that
 * run code, no styles, no images or frames.
 */
const DESCRIPTION_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }) },
};

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, { ...DESCRIPTION_POLICY, allowedAttributes: { a: ['href', 'title', 'rel'] } }).trim();
}

/**
 * Turns a template's content into what is sent: an email with an HTML part and its plain-text
 * alternative (same words), and an SMS in GSM-7 within one message (./gsm7.ts).
 */
import { escapeHtml } from '#shared/html.js';

/** A piece of an email body. */
export type Block =
  | { readonly p: string }
  | { readonly list: readonly string[] }
  /** A value to copy as is (the Pix copia-e-cola code), shown in a box, unwrapped. */
  | { readonly code: string; readonly label: string }
  | { readonly link: string; readonly href: string };

export interface EmailContent {
  readonly subject: string;
  readonly blocks: readonly Block[];
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const SIGNATURE = 'Big E-Commerce';
const FOOTER = 'Você recebe este e-mail porque tem uma conta na Big E-Commerce. Mensagens sobre seus pedidos e sua conta são sempre enviadas.';

function blockHtml(block: Block): string {
  if ('p' in block) return `<p style="margin:0 0 16px">${escapeHtml(block.p)}</p>`;
  if ('list' in block) return `<ul style="margin:0 0 16px;padding-left:20px">${block.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  if ('code' in block) {
    return `<p style="margin:0 0 4px"><strong>${escapeHtml(block.label)}</strong></p>` +
      `<pre style="margin:0 0 16px;padding:12px;background:#f4f4f4;border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:13px">${escapeHtml(block.code)}</pre>`;
  }
  if (!/^https:\/\//.test(block.href)) throw new Error(`Email links must be https: ${block.href}`);
  return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.href)}" style="color:#0b57d0">${escapeHtml(block.link)}</a></p>`;
}

function blockText(block: Block): string {
  if ('p' in block) return block.p;
  if ('list' in block) return block.list.map((i) => `- ${i}`).join('\n');
  if ('code' in block) return `${block.label}\n${block.code}`;
  return `${block.link}: ${block.href}`;
}

export function renderEmail(greetingName: string, content: EmailContent): RenderedEmail {
  const greeting = greetingName ? `Olá, ${greetingName}!` : 'Olá!';
  const blocks: Block[] = [{ p: greeting }, ...content.blocks];
  const html = '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>` +
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f1f1f;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5">' +
    `<div style="max-width:560px;margin:0 auto">${blocks.map(blockHtml).join('')}` +
    `<p style="margin:24px 0 0">${SIGNATURE}</p><p style="margin:16px 0 0;color:#6b6b6b;font-size:12px">${escapeHtml(FOOTER)}</p></div></body></html>`;
  const text = [...blocks.map(blockText), SIGNATURE, FOOTER].join('\n\n');
  return { subject: content.subject, html, text };
}

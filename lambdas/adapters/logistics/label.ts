import bwipjs from 'bwip-js';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import type { LabelRenderer } from '#domain/logistics/records.js';

/** 10 × 15 cm in PDF points (72 per inch). */
const CM = 72 / 2.54;
export const LABEL_SIZE_POINTS = [10 * CM, 15 * CM] as const;
const MARGIN = 12;

/**
 * The shipping label: a one-page 10 × 15 cm PDF with the carrier and service, a Code 128 barcode of
 * the tracking code (a bwip-js PNG, embedded), the recipient and sender addresses, the order code and
 * the declared content. pdf-lib rather than pdfkit: pdfkit 0.20 loads its standard fonts with a
 * runtime `require('#standard-fonts/...')` that a bundled function cannot resolve, while pdf-lib's
 * standard fonts (Helvetica, WinAnsi: Portuguese accents included) are plain modules.
 */
export const pdfLabelRenderer: LabelRenderer = {
  async render(label) {
    const barcodePng = await bwipjs.toBuffer({ bcid: 'code128', text: label.trackingCode, scale: 3, height: 14, includetext: true, textxalign: 'center', backgroundcolor: 'FFFFFF' });
    const pdf = await PDFDocument.create();
    pdf.setTitle(`Etiqueta ${label.trackingCode}`);
    pdf.setAuthor('Big E-Commerce');
    const page = pdf.addPage([...LABEL_SIZE_POINTS]);
    const regular = await pdf.embedFont(StandardFonts.Helvetica);
    const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
    const width = LABEL_SIZE_POINTS[0] - 2 * MARGIN;
    let y = LABEL_SIZE_POINTS[1] - MARGIN;
    const write = (text: string, font: PDFFont, size: number, maxLines = 6) => {
      for (const line of wrap(text, font, size, width).slice(0, maxLines)) {
        y -= size * 1.25;
        page.drawText(line, { x: MARGIN, y, size, font });
      }
    };
    write(`${label.carrier.toUpperCase()} · ${label.service}`, bold, 11);
    write(`Pedido ${label.orderCode} · ${(label.weightGrams / 1000).toFixed(3)} kg`, regular, 8);
    y = drawBarcode(page, await pdf.embedPng(barcodePng), y - 6, width);
    const r = label.recipient;
    write('DESTINATÁRIO', bold, 9);
    for (const line of [r.recipient, `${r.street}, ${r.number}${r.complement ? ` - ${r.complement}` : ''}`, r.district, `${r.city}/${r.state}`, `CEP ${formatCep(r.cep)}`]) {
      write(line, regular, 9, 2);
    }
    y -= 6;
    const s = label.sender;
    write('REMETENTE', bold, 8);
    for (const line of [s.name, s.street, `${s.city}/${s.state} · CEP ${formatCep(s.cep)}`]) write(line, regular, 8, 2);
    y -= 6;
    write('CONTEÚDO DECLARADO', bold, 7);
    write(label.declaredContent, regular, 7, 5);
    return pdf.save();
  },
};

function drawBarcode(page: PDFPage, image: Awaited<ReturnType<PDFDocument['embedPng']>>, top: number, width: number): number {
  const scaled = image.scaleToFit(width, 70);
  page.drawImage(image, { x: MARGIN + (width - scaled.width) / 2, y: top - scaled.height, width: scaled.width, height: scaled.height });
  return top - scaled.height - 8;
}

const formatCep = (cep: string) => cep.replace(/^(\d{5})(\d{3})$/, '$1-$2');

/** Characters Helvetica (WinAnsi) cannot draw become `?`, so a customer's text never breaks a label. */
const drawable = (text: string, font: PDFFont) => [...text].map((c) => (font.getCharacterSet().includes(c.codePointAt(0) ?? 0) ? c : '?')).join('');

/** Greedy word wrap to `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of drawable(text, font).split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

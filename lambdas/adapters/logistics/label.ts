import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import type { LabelRenderer } from '#domain/logistics/records.js';

/** 10 × 15 cm in PDF points (72 per inch). */
const CM = 72 / 2.54;
export const LABEL_SIZE_POINTS = [10 * CM, 15 * CM] as const;

/**
 * The shipping label: a one-page 10 × 15 cm PDF with the carrier and service, a Code 128 barcode of
 * the tracking code (bwip-js PNG, embedded by pdfkit), the recipient and sender addresses, the order
 * code and the declared content. Standard fonts only (Helvetica: WinAnsi covers Portuguese accents).
 */
export const pdfLabelRenderer: LabelRenderer = {
  async render(label) {
    const barcode = await bwipjs.toBuffer({ bcid: 'code128', text: label.trackingCode, scale: 3, height: 14, includetext: true, textxalign: 'center', backgroundcolor: 'FFFFFF' });
    const doc = new PDFDocument({ size: [...LABEL_SIZE_POINTS], margin: 12, info: { Title: `Etiqueta ${label.trackingCode}`, Author: 'Big E-Commerce' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    const width = LABEL_SIZE_POINTS[0] - 24;
    doc.font('Helvetica-Bold').fontSize(11).text(`${label.carrier.toUpperCase()} · ${label.service}`, { width });
    doc.font('Helvetica').fontSize(8).text(`Pedido ${label.orderCode} · ${(label.weightGrams / 1000).toFixed(3)} kg`, { width });
    doc.moveDown(0.5);
    doc.image(barcode, 12, doc.y, { fit: [width, 70], align: 'center' });
    doc.y += 76;
    const r = label.recipient;
    doc.font('Helvetica-Bold').fontSize(9).text('DESTINATÁRIO', { width });
    doc.font('Helvetica').fontSize(9).text([
      r.recipient,
      `${r.street}, ${r.number}${r.complement ? ` - ${r.complement}` : ''}`,
      r.district,
      `${r.city}/${r.state}`,
      `CEP ${r.cep.replace(/^(\d{5})(\d{3})$/, '$1-$2')}`,
    ].join('\n'), { width });
    doc.moveDown(0.5);
    const s = label.sender;
    doc.font('Helvetica-Bold').fontSize(8).text('REMETENTE', { width });
    doc.font('Helvetica').fontSize(8).text(`${s.name}\n${s.street}\n${s.city}/${s.state} · CEP ${s.cep.replace(/^(\d{5})(\d{3})$/, '$1-$2')}`, { width });
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(7).text('CONTEÚDO DECLARADO', { width });
    doc.font('Helvetica').fontSize(7).text(label.declaredContent, { width, height: 60, ellipsis: true });
    doc.end();
    await done;
    return new Uint8Array(Buffer.concat(chunks));
  },
};

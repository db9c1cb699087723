import QRCode from 'qrcode';

/**
 * QR code image for a Pix "copia e cola" text: PNG, base64 (no data: prefix), error correction
 * level M and a 2-module quiet zone, which is what banking apps scan reliably from a screen.
 */
export async function qrPngBase64(text: string): Promise<string> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
  return png.toString('base64');
}

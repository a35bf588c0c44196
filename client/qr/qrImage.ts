import QRCode from 'qrcode';
import { el } from '../dom/el';

/** A QR code of `text` as an <img> (a data URL): crisp, printable, and with a real alt text. */
export function qrImage(text: string, alt: string, size = 240): HTMLImageElement {
  const img = el('img', { class: 'qr', width: size, height: size, alt });
  QRCode.toDataURL(text, { margin: 2, width: size * 2, errorCorrectionLevel: 'M', color: { dark: '#1B1A2E', light: '#FFFFFF' } })
    .then((url) => (img.src = url))
    .catch(() => (img.alt = `${alt} (could not draw the QR code)`));
  return img;
}

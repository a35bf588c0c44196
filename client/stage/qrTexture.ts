import type Phaser from 'phaser';
import QRCode from 'qrcode';

export function qrTextureKey(code: string): string {
  return `qr-${code}`;
}

/** Draws the join URL as a QR code into a texture, once per room (texture keys are global to the game). */
export async function addQrTexture(textures: Phaser.Textures.TextureManager, code: string, url: string): Promise<void> {
  const key = qrTextureKey(code);
  if (textures.exists(key)) return;
  // Dark on white with a quiet zone; 'M' error correction survives a projector's blur and keystone.
  const data = await QRCode.toDataURL(url, { margin: 2, width: 420, errorCorrectionLevel: 'M', color: { dark: '#1B1A2E', light: '#FFFFFF' } });
  if (!textures.exists(key)) textures.addBase64(key, data);
}

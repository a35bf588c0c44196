import type { Browser, Page } from 'playwright-core';

/**
 * Compares two PNG screenshots pixel by pixel inside a blank page of `browser` (Chromium decodes them;
 * nothing to install), or in `page` when given one (a blank page kept for many comparisons: a new page per
 * pair costs seconds on a loaded machine). Returns the share of pixels whose colour differs by more than
 * `tolerance` on any channel (0 = identical, 1 = every pixel changed).
 */
export async function changedShare(on: Browser | Page, a: Buffer, b: Buffer, tolerance = 24): Promise<number> {
  const own = 'newPage' in on;
  const page = own ? await on.newPage() : on;
  try {
    return await page.evaluate(
      async ({ a, b, tolerance }) => {
        const decode = async (b64: string) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [x, y] = await Promise.all([decode(a), decode(b)]);
        if (x.width !== y.width || x.height !== y.height) return 1;
        let changed = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          if (
            Math.abs(x.data[i] - y.data[i]) > tolerance ||
            Math.abs(x.data[i + 1] - y.data[i + 1]) > tolerance ||
            Math.abs(x.data[i + 2] - y.data[i + 2]) > tolerance
          )
            changed++;
        }
        return changed / (x.width * x.height);
      },
      { a: a.toString('base64'), b: b.toString('base64'), tolerance },
    );
  } finally {
    if (own) await page.close();
  }
}

import type { Browser, Page } from 'playwright-core';

export type ContrastReading = {
  selector: string;
  text: string;
  /** The text's own colour (computed), as rgb. */
  colour: [number, number, number];
  /** WCAG contrast ratio of the text colour against the background behind its glyphs: the worst 2 % of them. */
  ratio: number;
  /** The lowest and the median ratio over every glyph pixel, for the report. */
  min: number;
  median: number;
  /** How many pixels the glyphs cover (a sanity check: the text was found and hidden). */
  glyphPixels: number;
  /** Large text (≥ 24 px, or ≥ 18.66 px bold): 3:1 suffices, else 4.5:1. */
  large: boolean;
  required: number;
};

function parseRgb(css: string): [number, number, number] {
  const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/.exec(css);
  if (!m) throw new Error(`cannot read the colour ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Measures the contrast of the text in `selector` as rendered: a screenshot of its box with the text, one
 * with the text made transparent (its shadow, the gradients and whatever lies behind stay), and for every
 * pixel the glyphs cover, the ratio between the text colour and the background there. Pixel work happens
 * in a blank page of `browser` (Chromium decodes the PNGs).
 */
export async function measureContrast(browser: Browser, page: Page, selector: string): Promise<ContrastReading> {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  const info = await target.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { colour: cs.color, size: parseFloat(cs.fontSize), weight: Number(cs.fontWeight) || 400, text: (el.textContent ?? '').trim() };
  });
  const box = (await target.boundingBox())!;
  const clip = { x: Math.max(0, box.x - 2), y: Math.max(0, box.y - 2), width: box.width + 8, height: box.height + 8 };
  const withText = await page.screenshot({ clip });
  await target.evaluate((el) => {
    (el as HTMLElement).dataset.contrastProbe = (el as HTMLElement).style.cssText;
    (el as HTMLElement).style.setProperty('color', 'transparent', 'important');
    (el as HTMLElement).style.setProperty('caret-color', 'transparent', 'important');
  });
  const behind = await page.screenshot({ clip });
  await target.evaluate((el) => {
    (el as HTMLElement).style.cssText = (el as HTMLElement).dataset.contrastProbe ?? '';
    delete (el as HTMLElement).dataset.contrastProbe;
  });
  const colour = parseRgb(info.colour);
  const blank = await browser.newPage();
  try {
    const r = await blank.evaluate(
      async ({ a, b, colour }) => {
        const decode = async (b64: string) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        };
        const lin = (c: number) => {
          const s = c / 255;
          return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        const lum = (r: number, g: number, b: number) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        const lt = lum(colour[0], colour[1], colour[2]);
        const [t, g] = await Promise.all([decode(a), decode(b)]);
        const ratios: number[] = [];
        for (let i = 0; i < t.length; i += 4) {
          const d = Math.max(Math.abs(t[i] - g[i]), Math.abs(t[i + 1] - g[i + 1]), Math.abs(t[i + 2] - g[i + 2]));
          if (d < 48) continue; // not under a glyph (or only its faint anti-aliased edge)
          const lb = lum(g[i], g[i + 1], g[i + 2]);
          ratios.push((Math.max(lt, lb) + 0.05) / (Math.min(lt, lb) + 0.05));
        }
        ratios.sort((x, y) => x - y);
        const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? 0;
        return { ratio: at(0.02), min: ratios[0] ?? 0, median: at(0.5), glyphPixels: ratios.length };
      },
      { a: withText.toString('base64'), b: behind.toString('base64'), colour },
    );
    const large = info.size >= 24 || (info.size >= 18.66 && info.weight >= 700);
    return { selector, text: info.text.slice(0, 40), colour, ...r, large, required: large ? 3 : 4.5 };
  } finally {
    await blank.close();
  }
}

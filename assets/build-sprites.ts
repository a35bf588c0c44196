/**
 * Builds every sprite in assets/sprites/ into PNG strips in assets/generated/ plus manifest.json.
 *   npx tsx assets/build-sprites.ts            # build
 *   npx tsx assets/build-sprites.ts --preview /tmp/sprite-preview.png   # also write a 4× preview sheet
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PIXEL_CHARS, STAGE_COLOURS } from './palette';
import { encodePng } from './png';
import { ALL_SPRITES } from './sprites/index';
import type { SpriteDef } from './sprites/types';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'generated');

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

interface Raster {
  width: number;
  height: number;
  rgba: Uint8Array;
}

function validate(def: SpriteDef): { fw: number; fh: number } {
  const first = def.frames[0];
  if (!first) throw new Error(`${def.key}: no frames`);
  const fh = first.length;
  const fw = first[0].length;
  const errors: string[] = [];
  def.frames.forEach((f, i) => {
    if (f.length !== fh) errors.push(`${def.key} frame ${i}: ${f.length} rows, expected ${fh}`);
    f.forEach((row, y) => {
      if (row.length !== fw) errors.push(`${def.key} frame ${i} row ${y}: ${row.length} chars, expected ${fw}: "${row}"`);
      for (const c of row) {
        if (c !== '.' && c !== ' ' && !(c in PIXEL_CHARS)) errors.push(`${def.key} frame ${i} row ${y}: unknown char "${c}"`);
      }
    });
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return { fw, fh };
}

function rasterise(def: SpriteDef): Raster & { fw: number; fh: number } {
  const { fw, fh } = validate(def);
  const width = fw * def.frames.length;
  const rgba = new Uint8Array(width * fh * 4);
  def.frames.forEach((frame, i) => {
    frame.forEach((row, y) => {
      [...row].forEach((c, x) => {
        const hex = PIXEL_CHARS[c];
        if (!hex) return;
        const [r, g, b] = rgbOf(hex);
        const o = (y * width + i * fw + x) * 4;
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = 255;
      });
    });
  });
  return { width, height: fh, rgba, fw, fh };
}

function preview(rasters: Raster[], path: string, scale = 4): void {
  const pad = 8 * scale;
  const maxW = 1400;
  // Lay out rows; each sprite drawn twice: on night and on sky.
  const placements: { r: Raster; x: number; y: number }[] = [];
  let x = pad;
  let y = pad;
  let rowH = 0;
  for (const r of rasters) {
    const w = r.width * scale;
    if (x + w + pad > maxW && x > pad) {
      x = pad;
      y += rowH + pad;
      rowH = 0;
    }
    placements.push({ r, x, y });
    x += w + pad;
    rowH = Math.max(rowH, r.height * scale);
  }
  const halfH = y + rowH + pad;
  const W = maxW;
  const H = halfH * 2;
  const out = new Uint8Array(W * H * 4);
  const night = rgbOf(STAGE_COLOURS.night.hex);
  const sky = rgbOf(STAGE_COLOURS.sky.hex);
  for (let yy = 0; yy < H; yy++) {
    const bg = yy < halfH ? night : sky;
    for (let xx = 0; xx < W; xx++) {
      const o = (yy * W + xx) * 4;
      out[o] = bg[0];
      out[o + 1] = bg[1];
      out[o + 2] = bg[2];
      out[o + 3] = 255;
    }
  }
  for (const half of [0, halfH]) {
    for (const { r, x: px, y: py } of placements) {
      for (let sy = 0; sy < r.height * scale; sy++) {
        for (let sx = 0; sx < r.width * scale; sx++) {
          const si = ((Math.floor(sy / scale)) * r.width + Math.floor(sx / scale)) * 4;
          if (r.rgba[si + 3] === 0) continue;
          const o = ((py + half + sy) * W + px + sx) * 4;
          out[o] = r.rgba[si];
          out[o + 1] = r.rgba[si + 1];
          out[o + 2] = r.rgba[si + 2];
          out[o + 3] = 255;
        }
      }
    }
  }
  writeFileSync(path, encodePng(W, H, out));
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const manifest: {
    key: string;
    file: string;
    width: number;
    height: number;
    frameWidth: number;
    frameHeight: number;
    frames: number;
    frameNames?: SpriteDef['frameNames'];
    about: string;
  }[] = [];
  const rasters: Raster[] = [];
  for (const def of ALL_SPRITES) {
    const r = rasterise(def);
    rasters.push(r);
    const file = `${def.key}.png`;
    writeFileSync(join(outDir, file), encodePng(r.width, r.height, r.rgba));
    manifest.push({
      key: def.key,
      file,
      width: r.width,
      height: r.height,
      frameWidth: r.fw,
      frameHeight: r.fh,
      frames: def.frames.length,
      ...(def.frameNames ? { frameNames: def.frameNames } : {}),
      about: def.about,
    });
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const i = process.argv.indexOf('--preview');
  if (i >= 0) preview(rasters, process.argv[i + 1] ?? '/tmp/sprite-preview.png');
  const z = process.argv.indexOf('--zoom'); // a closer look at a few sprites: --zoom <file> <key,key>
  if (z >= 0) {
    const keys = (process.argv[z + 2] ?? '').split(',');
    preview(rasters.filter((_, k) => keys.includes(ALL_SPRITES[k].key)), process.argv[z + 1], 8);
  }
  console.log(`wrote ${manifest.length} sprites to ${outDir}`);
}

main();

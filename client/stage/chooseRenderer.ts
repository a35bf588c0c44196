import Phaser from 'phaser';

/**
 * WebGL where a GPU draws it; the Canvas renderer where WebGL would be emulated in software
 * (SwiftShader, llvmpipe: projector laptops without drivers, headless browsers), because there the
 * canvas path draws our pixel-art stage about three times faster (bench: frame p95 59 ms → 19 ms).
 * `?renderer=webgl|canvas` on the page overrides the choice.
 */
export function chooseRenderer(search = location.search): number {
  const forced = new URLSearchParams(search).get('renderer');
  if (forced === 'canvas') return Phaser.CANVAS;
  if (forced === 'webgl') return Phaser.WEBGL;
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return Phaser.CANVAS;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(name) ? Phaser.CANVAS : Phaser.AUTO;
  } catch {
    return Phaser.AUTO;
  }
}

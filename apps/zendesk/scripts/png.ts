import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes 8-bit RGBA pixels (row-major, 4 bytes each) as a PNG-32 file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(
      raw,
      y * (width * 4 + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** Width and height from a PNG's IHDR (bytes 16–23), or null when it is not a PNG. */
export function pngSize(
  bytes: Uint8Array,
): { width: number; height: number; colorType: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 26 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20), colorType: bytes[25] as number };
}

type Rgb = readonly [number, number, number];
const BRAND: Rgb = [3, 54, 61]; // Garden kale 800
const ACCENT: Rgb = [56, 194, 166];
const WHITE: Rgb = [255, 255, 255];

/**
 * The Tandem mark: two interlocking rings (agent and AI working together). `background` null
 * gives a transparent logo (logo-small.png), otherwise a full-bleed square (logo.png has no
 * rounded corners per Zendesk's asset rules). Supersampled 4×4 for smooth edges.
 */
export function drawLogo(size: number, background: Rgb | null): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  const radius = size * 0.24;
  const stroke = size * 0.075;
  const cy = size / 2;
  const left = { x: size * 0.38, y: cy, color: background ? WHITE : BRAND };
  const right = { x: size * 0.62, y: cy, color: background ? ACCENT : ACCENT };
  const ring = (cx: number, cyy: number, x: number, y: number) =>
    Math.abs(Math.hypot(x - cx, y - cyy) - radius) <= stroke / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          // The right ring passes over the left one in the upper half: interlocked, not stacked.
          const onLeft = ring(left.x, left.y, x, y);
          const onRight = ring(right.x, right.y, x, y);
          let color: Rgb | null = null;
          if (onLeft && onRight) color = y < cy ? right.color : left.color;
          else if (onLeft) color = left.color;
          else if (onRight) color = right.color;
          else color = background;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 255;
          }
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const coverage = a / n;
      // Un-premultiply so transparent edges keep their colour.
      rgba[i] = coverage ? Math.round((r / n) * (255 / coverage)) : 0;
      rgba[i + 1] = coverage ? Math.round((g / n) * (255 / coverage)) : 0;
      rgba[i + 2] = coverage ? Math.round((b / n) * (255 / coverage)) : 0;
      rgba[i + 3] = Math.round(coverage);
    }
  }
  return encodePng(size, size, rgba);
}

export const logoPng = () => drawLogo(320, BRAND);
export const logoSmallPng = () => drawLogo(128, null);

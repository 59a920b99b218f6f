/**
 * Draws the Teams app icons into manifests/teams/: `color.png` (192×192, a teal rounded square with a
 * white sun rising over the horizon, for hope) and `outline.png` (32×32, the same sun and horizon in
 * white on transparent). Teams wants the outline icon to hold only white and transparent pixels, so it
 * is drawn without anti-aliasing: each pixel is opaque white or fully transparent.
 * Node built-ins only: `npm run icons:teams`.
 */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

/** Tells whether a point of the unit square (0..1 each way, y downwards) is inside a shape. */
type Shape = (x: number, y: number) => boolean;

const TEAL: Rgba = [0x2f, 0x5d, 0x62, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** A rectangle with rounded corners. */
const roundedRect =
  (left: number, top: number, right: number, bottom: number, radius: number): Shape =>
  (x, y) => {
    if (x < left || x > right || y < top || y > bottom) return false;
    const dx = Math.max(left + radius - x, 0, x - (right - radius));
    const dy = Math.max(top + radius - y, 0, y - (bottom - radius));
    return dx * dx + dy * dy <= radius * radius;
  };

/** The part of a disc above a line: the sun as it rises. */
const risingSun =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    y <= cy && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** A bar with round ends. */
const bar = (left: number, right: number, y: number, thickness: number): Shape =>
  roundedRect(left, y - thickness / 2, right, y + thickness / 2, thickness / 2);

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((inside) => inside(x, y));

/** The mark: the sun above the horizon, and a shorter line below it, its light on the water. */
const mark = (scale: number): Shape => {
  const at = (v: number) => 0.5 + (v - 0.5) * scale;
  const size = (v: number) => v * scale;
  return union(
    risingSun(at(0.5), at(0.49), size(0.25)),
    bar(at(0.19), at(0.81), at(0.59), size(0.07)),
    bar(at(0.32), at(0.68), at(0.72), size(0.07)),
  );
};

/** Paints layers back to front; with `samples` > 1 each pixel is the average of samples×samples points. */
function draw(size: number, layers: [Shape, Rgba][], samples: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const hit = layers.findLast(([inside]) => inside(x, y));
          if (!hit) continue;
          const [, [cr, cg, cb, ca]] = hit;
          // Premultiplied sums, so that the transparent samples do not darken the edges.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const o = (py * size + px) * 4;
      const n = samples * samples;
      pixels[o] = a ? Math.round(r / a) : 0;
      pixels[o + 1] = a ? Math.round(g / a) : 0;
      pixels[o + 2] = a ? Math.round(b / a) : 0;
      pixels[o + 3] = Math.round(a / n);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; every row uses filter type 0 (none). */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter method 0, no interlace
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * 4)] = 0;
    rgba.copy(rows, y * (1 + width * 4) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = (name: string) => new URL(`../manifests/teams/${name}`, import.meta.url);

const color = draw(
  192,
  [
    [roundedRect(0, 0, 1, 1, 0.22), TEAL],
    [mark(1), WHITE],
  ],
  4,
);
writeFileSync(out('color.png'), encodePng(192, 192, color));

// One sample per pixel: no partial transparency. Transparent pixels are white with alpha 0.
const outline = draw(32, [[mark(1.2), WHITE]], 1);
for (let o = 0; o < outline.length; o += 4) if (outline[o + 3] === 0) outline.fill(255, o, o + 3);
writeFileSync(out('outline.png'), encodePng(32, 32, outline));

console.log('Wrote manifests/teams/color.png (192×192) and manifests/teams/outline.png (32×32).');

// Deep-zoom coordinates: exact global positions (BigInt) and Leaflet's re-anchored local frame.
//
// A position is held as BigInt "fixed" units: global pixels at zoom FZ = 64, so the plane is
// 256 * 2^64 units wide and a position at zoom z <= 64 is exact. Global pixel (px, py) at zoom z
// spans fixed units [px, px+1) * 2^(64-z); its centre is at (px + 1/2) * 2^(64-z) (DESIGN §3).
//
// Leaflet only ever sees a local frame: local zoom l = z - base, and local pixel coordinates
// relative to the corner of the anchor tile (ax, ay) at zoom `base`. Local coordinates stay below
// ~2^40 while l stays small, so Leaflet's float64 arithmetic is exact for pixel-sized moves. The
// frame is re-anchored (base moved) as the user dives or climbs.

import { floorDiv, parseDecimal, rat, toDecimalString } from './exact.js';

export const FZ = 64;
export const TILE = 256;
/** Levels kept between the anchor and the view after re-anchoring (as deep as possible). */
export const ANCHOR_DEPTH = 16;
/** Re-anchor when the local zoom leaves [MIN_LOCAL, MAX_LOCAL] (and base > 0 for the minimum). */
export const MIN_LOCAL = 6;
export const MAX_LOCAL = 24;
/** Sub-pixel resolution (bits) kept when a Leaflet move is turned back into an exact position. */
export const SUBPIXEL_BITS = 8;

const pow2 = (k) => 2n ** BigInt(k);

/** Fixed units per global pixel at zoom z. */
export const unitsPerPixel = (z) => pow2(FZ - z);

/** Exact centre of global pixel (px, py) at zoom z, in fixed units. */
export function pixelCentre(z, px, py) {
  const u = unitsPerPixel(z);
  return { x: BigInt(px) * u + u / 2n, y: BigInt(py) * u + u / 2n };
}

/** Global pixel at zoom z containing the fixed position c. */
export const pixelAt = (c, z) => floorDiv(c, unitsPerPixel(z));

/**
 * Fixed coordinate c as the shortest decimal string of global pixels at zoom z that parses back
 * (`fromPixelString`) to exactly c: "12345.5"; a typed "1479.111111111111" stays so, although
 * the fixed value it stands for has 60 fraction digits (at most FZ - z, so the search ends).
 */
export function toPixelString(c, z) {
  const u = unitsPerPixel(z);
  for (let p = 1n; ; p *= 10n) {
    const s = toDecimalString(rat(floorDiv(2n * c * p + u, 2n * u), p)); // nearest at this length
    if (fromPixelString(s, z) === c) return s;
  }
}

/** Parse an exact decimal pixel coordinate at zoom z (any z >= 0, also beyond FZ) into fixed
 * units, rounded to the nearest unit. */
export function fromPixelString(text, z) {
  const r = parseDecimal(text);
  const n = r.n * pow2(FZ); // the value in fixed units is n / (d * 2^z)
  const d = r.d * pow2(z);
  return floorDiv(2n * n + d, 2n * d);
}

/** Clamp a fixed coordinate into the plane [0, 256 * 2^FZ). */
export function clampFixed(c) {
  const max = BigInt(TILE) * pow2(FZ) - 1n;
  return c < 0n ? 0n : c > max ? max : c;
}

/** The anchor for a view at zoom z centred on (cx, cy): base zoom and anchor tile indices. */
export function chooseAnchor(z, cx, cy) {
  const base = Math.max(0, z - ANCHOR_DEPTH);
  const tileUnits = BigInt(TILE) * unitsPerPixel(base);
  return { base, ax: floorDiv(cx, tileUnits), ay: floorDiv(cy, tileUnits) };
}

/** Whether a view at global zoom z needs a new anchor. */
export function needsReanchor(anchor, z) {
  const l = z - anchor.base;
  return l > MAX_LOCAL || (l < MIN_LOCAL && anchor.base > 0) || l < 0;
}

/** Fixed coordinate of the anchor tile's corner along one axis. */
const origin = (anchor, a) => a * BigInt(TILE) * unitsPerPixel(anchor.base);

/** Local pixel coordinate (Number) of a fixed coordinate at local zoom l. */
export function toLocal(anchor, c, a, l) {
  const d = c - origin(anchor, a);
  const shift = FZ - anchor.base - l;
  // Split into integer and fractional parts so large values keep their sub-pixel bits.
  const q = floorDiv(d, pow2(shift));
  const r = d - q * pow2(shift);
  return Number(q) + Number(r) / 2 ** shift;
}

/** Local pixel coordinates {x, y} of a fixed position at local zoom l. */
export function localPoint(anchor, pos, l) {
  return { x: toLocal(anchor, pos.x, anchor.ax, l), y: toLocal(anchor, pos.y, anchor.ay, l) };
}

/**
 * Move a fixed coordinate by a local-pixel delta at global zoom z, quantised to 2^-SUBPIXEL_BITS
 * of a pixel: integer pixel pans move the exact position by exactly that many pixels.
 */
export function moveBy(c, delta, z) {
  const bits = Math.min(SUBPIXEL_BITS, FZ - z);
  const q = BigInt(Math.round(delta * 2 ** bits));
  return c + q * pow2(FZ - z - bits);
}

/** Global tile index of local tile (x, y) at local zoom l. */
export function globalTile(anchor, l, x, y) {
  const k = pow2(l);
  return { z: anchor.base + l, x: anchor.ax * k + BigInt(x), y: anchor.ay * k + BigInt(y) };
}

/** Whether a global tile lies inside the plane's pyramid. */
export function tileInPlane(t) {
  const n = pow2(t.z);
  return t.x >= 0n && t.y >= 0n && t.x < n && t.y < n;
}

/** Whether global pixel (px, py) (BigInts or integer strings) of zoom z lies inside the plane. */
export function pixelInPlane(z, px, py) {
  const n = BigInt(TILE) * pow2(z);
  const x = BigInt(px);
  const y = BigInt(py);
  return x >= 0n && y >= 0n && x < n && y < n;
}

/** The plane's bounds in local pixels at local zoom 0: [[xmin, ymin], [xmax, ymax]]. */
export function planeLocalBounds(anchor) {
  const w = TILE * 2 ** anchor.base;
  const x0 = -Number(anchor.ax) * TILE;
  const y0 = -Number(anchor.ay) * TILE;
  return [[x0, y0], [x0 + w, y0 + w]];
}

/** Fixed coordinate of a local pixel coordinate v (Number) at local zoom l, to 1/256 pixel. */
export function fromLocal(anchor, v, a, l) {
  return moveBy(origin(anchor, a), v, anchor.base + l);
}

// Pure: stitch the raw values of the loaded tiles covering the visible map area into one array.
//
// At the map's zoom one tile pixel is one screen pixel, so the visible area (Leaflet's pixel
// bounds, in local pixels of the frame) clipped to the plane is a rectangle of whole tile pixels.
// Local pixel X at local zoom l is global pixel 256 * ax * 2^l + X of global zoom base + l (the
// same mapping as frame.globalTile); the clipping is done on global pixels, in BigInt.

import { TILE } from '../core/frame.js';

const big = (n) => BigInt(n);
const max = (a, b) => (a > b ? a : b);
const min = (a, b) => (a < b ? a : b);

/**
 * The visible rectangle at local zoom l: {z, px, py (global pixel of its top-left, BigInt),
 * w, h, lx, ly (its top-left in local pixels)}; null when no part of the plane is in view.
 * `bounds` is Leaflet's getPixelBounds() ({min: {x, y}, max: {x, y}}); partly visible pixels
 * count.
 */
export function visibleRect(anchor, l, bounds) {
  const z = anchor.base + l;
  const side = big(TILE) * 2n ** big(z);
  const axis = (a, lo, hi) => {
    const origin = a * big(TILE) * 2n ** big(l);
    const g0 = max(origin + big(Math.floor(lo)), 0n);
    const g1 = min(origin + big(Math.ceil(hi)), side);
    return { g: g0, n: Number(g1 - g0), local: Number(g0 - origin) };
  };
  const x = axis(anchor.ax, bounds.min.x, bounds.max.x);
  const y = axis(anchor.ay, bounds.min.y, bounds.max.y);
  if (x.n <= 0 || y.n <= 0) return null;
  return { z, px: x.g, py: y.g, w: x.n, h: y.n, lx: x.local, ly: y.local };
}

/** Local tile indices {x, y} covering a rectangle, row by row. */
export function coveringTiles(rect) {
  const out = [];
  const t0 = (v) => Math.floor(v / TILE);
  for (let y = t0(rect.ly); y <= t0(rect.ly + rect.h - 1); y += 1) {
    for (let x = t0(rect.lx); x <= t0(rect.lx + rect.w - 1); x += 1) out.push({ x, y });
  }
  return out;
}

/**
 * The tile records (tilelayer.js: {coords, state, data}) covering `rect` at local zoom l, and how
 * many are not final: {tiles: [record], missing, loading, pending, preview, error}. A tile is
 * final when its state is 'ready' (full 256 x 256 values).
 */
export function coveringRecords(records, l, rect) {
  const byKey = new Map();
  for (const r of records) if (r.coords.z === l) byKey.set(`${r.coords.x}:${r.coords.y}`, r);
  const out = { tiles: [], missing: 0, loading: 0, pending: 0, preview: 0, error: 0 };
  for (const t of coveringTiles(rect)) {
    const r = byKey.get(`${t.x}:${t.y}`);
    if (!r) out.missing += 1;
    else if (r.state === 'ready' && r.data) out.tiles.push(r);
    else out[r.state in out ? r.state : 'loading'] += 1;
  }
  return out;
}

/** Copy the ready records' values inside `rect` into one w x h Float64Array (NaN where none). */
export function stitch(tiles, rect) {
  const { w, h, lx, ly } = rect;
  const out = new Float64Array(w * h).fill(NaN);
  for (const r of tiles) {
    const ox = r.coords.x * TILE;
    const oy = r.coords.y * TILE;
    const x0 = Math.max(lx, ox);
    const x1 = Math.min(lx + w, ox + TILE);
    for (let y = Math.max(ly, oy); y < Math.min(ly + h, oy + TILE); y += 1) {
      const src = (y - oy) * TILE;
      out.set(r.data.subarray(src + x0 - ox, src + x1 - ox), (y - ly) * w + (x0 - lx));
    }
  }
  return out;
}

/** Fraction of the values below zero (converged runs), NaN excluded. */
export function convergedFraction(values) {
  let below = 0;
  let known = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    known += 1;
    if (v < 0) below += 1;
  }
  return known ? below / known : 0;
}

/**
 * Everything the panel needs from the map: {rect, cover, values?}. `values` (the stitched
 * w x h array) is present only when every tile covering the visible rectangle is final.
 */
export function stitchView(records, anchor, l, bounds) {
  const rect = visibleRect(anchor, l, bounds);
  if (!rect) return { rect: null, cover: null };
  const cover = coveringRecords(records, l, rect);
  const waiting = cover.missing + cover.loading + cover.pending + cover.preview + cover.error;
  return waiting ? { rect, cover } : { rect, cover, values: stitch(cover.tiles, rect) };
}

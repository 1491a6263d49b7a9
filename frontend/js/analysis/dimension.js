// Pure helpers of the boundary-dimension panel: the request size for an experiment (from the
// server's largest allowed size), the exact log10 window in view, and the texts of a result
// (server grid or loaded tiles).

import { cmp, rat, toDecimalString } from '../core/exact.js';
import { FZ, TILE } from '../core/frame.js';
import { log10X, log10Y } from '../core/plane.js';

/** Smallest grid side the server accepts, and the largest the panel asks for (seconds). */
export const MIN_SIZE = 8;
export const MAX_PANEL_SIZE = 128;

/**
 * The grid side to request for an experiment whose largest allowed side is `maxSize` (the
 * server's `cost.dimension_max_size`, from its budget for one request): the largest power of two
 * <= min(128, maxSize), or null when not even MIN_SIZE fits (no server request can be made).
 */
export function dimensionSize(maxSize) {
  if (!Number.isInteger(maxSize) || maxSize < 0) {
    throw new RangeError(`the largest size must be a non-negative integer, got ${maxSize}`);
  }
  if (maxSize < MIN_SIZE) return null;
  let size = MAX_PANEL_SIZE;
  while (size > maxSize) size /= 2;
  return size;
}

/** Why the server cannot measure an experiment whose largest allowed side is `maxSize` (< 8). */
export function serverUnavailable(maxSize) {
  const largest = maxSize > 0 ? ` (the largest that fits is ${maxSize} × ${maxSize})` : '';
  return `Recompute is off for this experiment: it is too costly for a server measurement — not `
    + `even an ${MIN_SIZE} × ${MIN_SIZE} grid fits the server's budget for one request${largest}. `
    + 'Use Measure loaded tiles, or run `trainscape dimension` on your own machine.';
}

const WORLD = BigInt(TILE) * 2n ** BigInt(FZ);

/** Clamp a rational fixed coordinate into [0, WORLD]. */
const clampRat = (r) => (cmp(r, rat(0n)) < 0 ? rat(0n) : cmp(r, rat(WORLD)) > 0 ? rat(WORLD) : r);

/**
 * Exact log10 window {x0, x1, y0, y1} (decimal strings) of a w x h screen-pixel view centred on
 * the fixed position `centre` ({x, y} BigInt) at zoom z, clipped to the plane (y1 is the top).
 */
export function viewWindow(plane, centre, z, w, h) {
  const upp = 2n ** BigInt(FZ - z);
  const edge = (c, k, sign) => clampRat(rat(2n * c + sign * BigInt(k) * upp, 2n));
  const s = toDecimalString;
  return {
    x0: s(log10X(plane, edge(centre.x, w, -1n))),
    x1: s(log10X(plane, edge(centre.x, w, 1n))),
    y0: s(log10Y(plane, edge(centre.y, h, 1n))),
    y1: s(log10Y(plane, edge(centre.y, h, -1n))),
  };
}

/** One line summarising a dimension answer, or the no-boundary note when D is null. `extent`
 * names the image the boxes tile (the server grid's size by default). */
export function describeDimension(r, extent = String(r.size)) {
  if (r.dimension === null || r.dimension === undefined) {
    return 'No boundary in view: every run here converges, or every run diverges.';
  }
  const [s0, s1] = r.fit.range;
  return `D = ${r.dimension.toFixed(3)} · r² = ${r.r2.toFixed(3)} · boxes ${s0}–${s1} px of ${extent}`;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Why the loaded tiles cannot be measured yet, or null when they can. `t`: {layer, rect, cover}
 * (tilestitch.stitchView's answer plus the map's layer).
 */
export function tilesUnavailable(t) {
  if (t.layer !== 'measure') {
    return `The map shows the ${t.layer} layer, whose tile values are not the training measure: `
      + 'switch Layer to measure to measure the loaded tiles (Recompute works in either layer).';
  }
  if (!t.rect) return 'No part of the plane is in view.';
  return coverWait(t.cover, 'measure');
}

/**
 * What to wait for before the tiles covering the view can be used, or null when every one is
 * final. `cover`: tilestitch.coveringRecords' counts; `verb` ends the sentence ("… then `verb`
 * again").
 */
export function coverWait(c, verb) {
  const total = c.tiles.length + c.missing + c.loading + c.pending + c.preview + c.error;
  if (c.error) {
    return `${plural(c.error, 'tile')} in view failed to load (hover it for the reason): `
      + `pan away and back or reload to retry, then ${verb} again.`;
  }
  const parts = [];
  if (c.missing + c.loading) parts.push(`${c.missing + c.loading} loading`);
  if (c.pending) parts.push(`${c.pending} still computing`);
  if (c.preview) parts.push(`${c.preview} still ${c.preview === 1 ? 'a 64 × 64 preview' : '64 × 64 previews'}`);
  if (parts.length) {
    return `Not yet: of the ${total} tiles in view, ${parts.join(', ')}. `
      + `Wait until every tile is final (the badge on the map is gone), then ${verb} again.`;
  }
  return null;
}

/** The note under a loaded-tiles answer. */
export function tilesNote(r, converged, step = null) {
  const [h, w] = r.shape;
  const at = step ? `, measure after ${step} steps` : '';
  return `${w} × ${h} px of the loaded tiles (full resolution${at}); `
    + `${r.boundary_blocks} boundary blocks; ${Math.round(100 * converged)}% converge.`;
}

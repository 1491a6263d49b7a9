// Pure helpers of the boundary-dimension panel: the request size for an experiment, the exact
// log10 window in view, and the texts of a result (server grid or loaded tiles).

import { cmp, rat, toDecimalString } from './exact.js';
import { FZ, TILE } from './frame.js';
import { log10X, log10Y } from './plane.js';

/** The server's bound on one request: size^2 x steps <= MAX_RUN_STEPS (docs/analysis.md). */
export const MAX_RUN_STEPS = 2048000;
export const MIN_SIZE = 8;
export const MAX_PANEL_SIZE = 128;

/** Largest power of two <= 128 with size^2 x steps <= MAX_RUN_STEPS (at least 8). */
export function dimensionSize(steps) {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  let size = MAX_PANEL_SIZE;
  while (size > MIN_SIZE && size * size * steps > MAX_RUN_STEPS) size /= 2;
  return size;
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

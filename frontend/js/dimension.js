// Pure helpers of the boundary-dimension panel: the request size for an experiment, the exact
// log10 window in view, and the text of a result.

import { add, cmp, div, mul, rat, sub, toDecimalString } from './exact.js';
import { FZ, TILE } from './frame.js';

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
  const frac = (r) => div(r, rat(WORLD));
  const left = frac(edge(centre.x, w, -1n));
  const right = frac(edge(centre.x, w, 1n));
  const top = frac(edge(centre.y, h, -1n));
  const bottom = frac(edge(centre.y, h, 1n));
  const spanX = sub(plane.x1, plane.x0);
  const spanY = sub(plane.y1, plane.y0);
  const s = toDecimalString;
  return {
    x0: s(add(plane.x0, mul(spanX, left))),
    x1: s(add(plane.x0, mul(spanX, right))),
    y0: s(sub(plane.y1, mul(spanY, bottom))),
    y1: s(sub(plane.y1, mul(spanY, top))),
  };
}

/** One line summarising a dimension answer, or the no-boundary note when D is null. */
export function describeDimension(r) {
  if (r.dimension === null || r.dimension === undefined) {
    return 'No boundary in view: every run here converges, or every run diverges.';
  }
  const [s0, s1] = r.fit.range;
  return `D = ${r.dimension.toFixed(3)} · r² = ${r.r2.toFixed(3)} · boxes ${s0}–${s1} px of ${r.size}`;
}

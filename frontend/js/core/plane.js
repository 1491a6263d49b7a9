// The experiment's plane: fixed positions <-> exact log10 coordinates, axis ticks and labels.
// Row 0 is the top: y grows downwards from the plane's largest log10 y (DESIGN §3).

import { add, ceil, cmp, div, floor, formatPow10, mul, parseDecimal, rat, sub, toNumber } from './exact.js';
import { FZ, TILE } from './frame.js';

const WORLD = rat(BigInt(TILE) * 2n ** BigInt(FZ));

/** Plane from log10 bound strings {x0, x1, y0, y1}. */
export function makePlane(bounds) {
  const p = {};
  for (const k of ['x0', 'x1', 'y0', 'y1']) p[k] = parseDecimal(bounds[k]);
  if (cmp(p.x1, p.x0) <= 0 || cmp(p.y1, p.y0) <= 0) throw new RangeError('empty plane');
  return p;
}

const asRat = (c) => (typeof c === 'bigint' ? rat(c) : c);
/** Exact log10 x-coordinate (rational) of fixed coordinate cx (a BigInt or a rational). */
export const log10X = (plane, cx) => add(plane.x0, mul(sub(plane.x1, plane.x0), div(asRat(cx), WORLD)));
/** Exact log10 y-coordinate of fixed coordinate cy (cy = 0 is the top, y1). */
export const log10Y = (plane, cy) => sub(plane.y1, mul(sub(plane.y1, plane.y0), div(asRat(cy), WORLD)));

/** Span of one axis in decades, as a Number. */
export const spanX = (plane) => toNumber(sub(plane.x1, plane.x0));
export const spanY = (plane) => toNumber(sub(plane.y1, plane.y0));

/** Width in decades of `pixels` screen pixels at zoom z along x. */
export const decadesAcross = (plane, pixels, z) => (spanX(plane) * pixels) / (TILE * 2 ** z);

/** Significant digits so that values `du` decades apart are told apart. */
export function digitsFor(du) {
  const rel = Math.abs(du) * Math.LN10;
  return Math.max(2, Math.min(40, Math.ceil(-Math.log10(rel)) + 1));
}

/** Fixed coordinate (BigInt, rounded) of a Number log10 value u along x or y. */
export function fixedFromLog10(plane, axis, u) {
  const lo = toNumber(axis === 'x' ? plane.x0 : plane.y0);
  const hi = toNumber(axis === 'x' ? plane.x1 : plane.y1);
  const t = axis === 'x' ? (u - lo) / (hi - lo) : (hi - u) / (hi - lo);
  return BigInt(Math.round(t * 2 ** 52)) * 2n ** BigInt(FZ + 8 - 52);
}

/** A nice step (1, 2 or 5 times a power of ten) as a rational, for about `width / count`. */
export function niceStep(width, count) {
  const raw = width / count;
  const e = Math.floor(Math.log10(raw));
  const f = raw / 10 ** e;
  const m = f < 1.5 ? 1n : f < 3.5 ? 2n : f < 7.5 ? 5n : 10n;
  return e >= 0 ? rat(m * 10n ** BigInt(e)) : rat(m, 10n ** BigInt(-e));
}

/**
 * Ticks along one axis of the window [uStart, uEnd] (exact log10 rationals, either order) that is
 * `pixels` long: [{pos (screen px from the uStart end), u, label}] at nice log10 values.
 */
export function ticks(uStart, uEnd, pixels, count = 5) {
  const width = toNumber(sub(uEnd, uStart));
  if (width === 0) return [];
  const lo = cmp(uStart, uEnd) < 0 ? uStart : uEnd;
  const hi = lo === uStart ? uEnd : uStart;
  const step = niceStep(Math.abs(width), count);
  const whole = cmp(step, rat(1)) >= 0;
  const digits = digitsFor(toNumber(step));
  const out = [];
  for (let k = ceil(div(lo, step)); k <= floor(div(hi, step)) && out.length < 50; k += 1n) {
    const u = mul(rat(k), step);
    const pos = (toNumber(sub(u, uStart)) / width) * pixels;
    out.push({ pos, u, label: whole ? decadeLabel(u) : formatPow10(u, digits, true) });
  }
  return whole ? out : sameDigits(out);
}

/** Tick labels with the trailing zeros that all of them have removed, and no more, so that they
 * show the same number of decimals ("0.150", "0.155", not "0.15", "0.155"). */
function sameDigits(list) {
  const parts = list.map((t) => t.label.match(/^([^e]*)(e.*)?$/));
  const zeros = (m) => (m[1].includes('.') ? m[1].match(/0*$/)[0].length : 0);
  const common = Math.min(...parts.map(zeros));
  return list.map((t, i) => {
    const [, mant, exp = ''] = parts[i];
    const cut = common ? mant.slice(0, -common) : mant;
    return { ...t, label: cut.replace(/\.$/, '') + exp };
  });
}

/** Label of an integer decade 10^k. */
export function decadeLabel(u) {
  const k = Number(floor(u));
  return k >= -2 && k <= 4 ? formatPow10(u, 1) : `1e${k}`;
}

// Colour tables and the sign-preserving CDF that colours raw tiles like the paper's figures.
//
// As in the paper's notebook, converged values (negative) are spread evenly over [-1, -0.25] and
// diverged ones (positive) over [0.25, 1] by rank, over ALL visible tiles at once (so tiles have
// no seams), then negated: t = +1 (slowest convergence, at the boundary) to -1 (slowest
// divergence). The colormap maps t from -1 (first colour) to +1 (last): with Spectral,
// converged is blue, diverged red, and the boundary where both are slowest is dark.

import TABLE from './colormaps.json' with { type: 'json' };

const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/**
 * Colormaps by name: stops [position in [0, 1], [r, g, b]], from colormaps.json, the table the
 * server's PNG tiles and GET /api/colormaps use too. Position (t + 1) / 2: 0 is t = -1.
 */
export const COLORMAPS = Object.fromEntries(
  Object.entries(TABLE.colormaps).map(([name, stops]) => [name, stops.map(([p, h]) => [p, rgb(h)])]),
);
/**
 * How each colormap shows the ranks: diverging maps (dark at both ends, pale in the middle) or,
 * for the sequential ones, the colour names of the left end (t -1), the right end (t +1) and the
 * middle (|t| = 0.25, the fastest runs) that the legend spells out.
 */
export const COLORMAP_LOOK = {
  Spectral: { diverging: true },
  RdBu: { diverging: true },
  paper: { diverging: true }, // dark red / navy ends, pale orange / pale blue fastest runs
  viridis: { left: 'dark purple', right: 'yellow', middle: 'blue-green' },
  magma: { left: 'black', right: 'pale yellow', middle: 'purple-pink' },
  gray: { left: 'black', right: 'white', middle: 'mid greys' },
};
export const DEFAULT_COLORMAP = TABLE.default;
export const BUFFER = 0.25;
const LUT_SIZE = 256;

/**
 * 256-entry RGBA lookup table (Uint8ClampedArray, 4 * 256) for a colormap name: entry i is the
 * colour at position i / 255, linear between stops, rounded half up (as the server's `lut`).
 */
export function lut(name) {
  const stops = COLORMAPS[name];
  if (!stops) throw new Error(`unknown colormap ${name}; allowed: ${Object.keys(COLORMAPS).join(', ')}`);
  const out = new Uint8ClampedArray(LUT_SIZE * 4);
  let k = 0;
  for (let i = 0; i < LUT_SIZE; i += 1) {
    const p = i / (LUT_SIZE - 1);
    while (k < stops.length - 2 && stops[k + 1][0] <= p) k += 1;
    const [[p0, c0], [p1, c1]] = [stops[k], stops[k + 1]];
    const f = Math.min(1, Math.max(0, (p - p0) / (p1 - p0)));
    for (let c = 0; c < 3; c += 1) out[4 * i + c] = Math.floor(c0[c] + (c1[c] - c0[c]) * f + 0.5);
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Sorted samples (negatives and non-negatives apart) of all finite values in `arrays`. */
export function buildCdf(arrays, maxSamples = 65536) {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const stride = Math.max(1, Math.floor(total / maxSamples));
  const neg = [];
  const pos = [];
  for (const a of arrays) {
    for (let i = 0; i < a.length; i += stride) {
      const v = a[i];
      if (Number.isFinite(v)) (v < 0 ? neg : pos).push(v);
    }
  }
  const sort = (xs) => Float64Array.from(xs).sort();
  return { neg: sort(neg), pos: sort(pos) };
}

/** Fractional rank of v in sorted xs, in [0, 1] (linear between samples, like np.interp). */
function rank(xs, v) {
  const n = xs.length;
  if (n <= 1 || v <= xs[0]) return 0;
  if (v >= xs[n - 1]) return 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid; else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return (lo + (span > 0 ? (v - xs[lo]) / span : 0)) / (n - 1);
}

/** t in [-1, 1] for a raw measure value: + converged (blue), - diverged (red). */
export function tValue(cdf, v) {
  if (Number.isNaN(v) || v === Infinity) return -1;
  if (v === -Infinity) return 1;
  if (v < 0) return 1 - (1 - BUFFER) * rank(cdf.neg, v);
  return -(BUFFER + (1 - BUFFER) * rank(cdf.pos, v));
}

const indexOf = (t) => Math.round(((t + 1) / 2) * (LUT_SIZE - 1));

/**
 * The CDF as steps: ascending values `th` and the colour index `ix[i]` for values in
 * [th[i], th[i+1]). Colouring then costs one short binary search per pixel.
 */
export function colourSteps(cdf) {
  const th = [];
  const ix = [];
  let prev = -1;
  for (const xs of [cdf.neg, cdf.pos]) {
    for (const v of xs) {
      const k = indexOf(tValue(cdf, v));
      if (k !== prev) { th.push(v); ix.push(k); prev = k; }
    }
  }
  return { th: Float64Array.from(th), ix: Int16Array.from(ix) };
}

/** Colour index (0..255) of value v under `steps`. */
export function stepIndex(steps, v) {
  if (Number.isNaN(v) || v === Infinity) return 0;
  if (v === -Infinity) return LUT_SIZE - 1;
  const { th, ix } = steps;
  if (!th.length) return indexOf(v < 0 ? 1 : -1);
  let lo = 0;
  let hi = th.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (th[mid] <= v) lo = mid; else hi = mid;
  }
  return ix[lo];
}

/** Colour a raw tile into RGBA pixels (Uint8ClampedArray of 4 * data.length). */
export function colourTile(data, steps, table, out = new Uint8ClampedArray(data.length * 4)) {
  for (let i = 0; i < data.length; i += 1) {
    const k = 4 * stepIndex(steps, data[i]);
    out[4 * i] = table[k];
    out[4 * i + 1] = table[k + 1];
    out[4 * i + 2] = table[k + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}

/** CSS linear-gradient (left = t -1 = diverged, right = t +1 = converged) for the legend. */
export function gradientCss(name) {
  const parts = COLORMAPS[name].map(([p, c]) => `rgb(${c.join(',')}) ${(100 * p).toFixed(1)}%`);
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

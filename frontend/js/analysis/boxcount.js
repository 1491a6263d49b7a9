// Pure box counting of a measure image's boundary: the same definitions as
// server/trainscape/analysis/dimension.py (boundary blocks, box sizes, grid counts, log-log fit),
// for the w x h arrays the page already holds. Values are row-major (row 0 = top).

/** Smallest box (pixels) of the default size range, as dimension.py's MIN_BOX. */
export const MIN_BOX = 2;

/**
 * w x h Uint8Array: 1 where the 2x2 block whose top-left pixel is (i, j) holds both a value below
 * `level` and one at or above it. The last row/column repeat their edge (1x2 / 2x1 blocks). A
 * block touching a pixel without data (NaN or undefined) does not count.
 */
export function boundaryMask(values, w, h, level = 0) {
  // side per pixel: 1 below the level, 2 at or above it, 0 no data
  const side = new Uint8Array(w * h);
  for (let p = 0; p < w * h; p += 1) {
    const v = values[p];
    side[p] = v === undefined || Number.isNaN(v) ? 0 : v < level ? 1 : 2;
  }
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < h; i += 1) {
    const a = i * w;
    const b = Math.min(i + 1, h - 1) * w;
    for (let j = 0; j < w; j += 1) {
      const k = Math.min(j + 1, w - 1);
      const s0 = side[a + j];
      const s1 = side[a + k];
      const s2 = side[b + j];
      const s3 = side[b + k];
      // every pixel known, and the block holds both sides
      mask[a + j] = s0 && s1 && s2 && s3 && (s0 | s1 | s2 | s3) === 3 ? 1 : 0;
    }
  }
  return mask;
}

/** Box sizes min, 2 min, 4 min, ... up to `extent`, and `extent` itself (ascending, distinct). */
export function boxSizes(extent, minSize = MIN_BOX) {
  if (!(extent >= 1)) return [];
  const lo = Math.max(1, Math.min(minSize, extent));
  const out = [];
  for (let s = lo; s <= extent; s *= 2) out.push(s);
  if (out[out.length - 1] !== extent) out.push(extent);
  return out;
}

/** Number of size x size boxes of a grid anchored top-left holding a set pixel (partial edge
 * boxes count). */
export function boxCount(mask, w, h, size) {
  const nw = Math.ceil(w / size);
  const hit = new Uint8Array(nw * Math.ceil(h / size));
  let n = 0;
  for (let i = 0; i < h; i += 1) {
    const row = Math.floor(i / size) * nw;
    for (let j = 0; j < w; j += 1) {
      if (!mask[i * w + j]) continue;
      const box = row + Math.floor(j / size);
      if (!hit[box]) { hit[box] = 1; n += 1; }
    }
  }
  return n;
}

/** Least-squares line of log(count) against log(1/size): {slope, intercept, r2}. */
export function fitLogLog(sizes, counts) {
  const x = sizes.map((s) => Math.log(1 / s));
  const y = counts.map((c) => Math.log(c));
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < n; k += 1) {
    sxx += (x[k] - mx) ** 2;
    sxy += (x[k] - mx) * (y[k] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  let ssTot = 0;
  for (let k = 0; k < n; k += 1) {
    ssRes += (y[k] - (slope * x[k] + intercept)) ** 2;
    ssTot += (y[k] - my) ** 2;
  }
  return { slope, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}

/**
 * Box-counting dimension of a w x h mask, with the fields of dimension.py's Dimension.to_dict():
 * {dimension, r2, fit: {slope, intercept, range, x, y}, sizes, counts, boundary_blocks, shape}.
 * The fit uses the sizes in `fitSizes` ([lo, hi], default all) whose count is positive; with
 * fewer than two, dimension, r2 and the intercept are null.
 */
export function maskDimension(mask, w, h, minSize = MIN_BOX, fitSizes = null) {
  const sizes = boxSizes(Math.max(w, h), minSize);
  const counts = sizes.map((s) => boxCount(mask, w, h, s));
  const [lo, hi] = fitSizes || (sizes.length ? [sizes[0], sizes[sizes.length - 1]] : [0, 0]);
  const sel = sizes.map((s, i) => i).filter((i) => sizes[i] >= lo && sizes[i] <= hi && counts[i] > 0);
  let fit = { slope: null, intercept: null, r2: null };
  if (sel.length >= 2) fit = fitLogLog(sel.map((i) => sizes[i]), sel.map((i) => counts[i]));
  const range = sel.length ? [sizes[sel[0]], sizes[sel[sel.length - 1]]] : [lo, hi];
  let blocks = 0;
  for (const v of mask) blocks += v;
  return {
    dimension: fit.slope,
    r2: fit.r2,
    fit: { slope: fit.slope, intercept: fit.intercept, range, x: 'log(1/size)', y: 'log(count)' },
    sizes,
    counts,
    boundary_blocks: blocks,
    shape: [h, w],
  };
}

/** Box-counting dimension of the `level` set (0: the trainability boundary) of a w x h image. */
export function boundaryDimension(values, w, h, { level = 0, minSize = MIN_BOX, fitSizes = null } = {}) {
  return maskDimension(boundaryMask(values, w, h, level), w, h, minSize, fitSizes);
}

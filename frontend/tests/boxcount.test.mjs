import test from 'node:test';
import assert from 'node:assert/strict';
import {
  boundaryDimension, boundaryMask, boxCount, boxSizes, fitLogLog, maskDimension,
} from '../js/analysis/boxcount.js';

/** w x h Float64Array with f(i, j) at row i, column j. */
function image(w, h, f) {
  const out = new Float64Array(w * h);
  for (let i = 0; i < h; i += 1) for (let j = 0; j < w; j += 1) out[i * w + j] = f(i, j);
  return out;
}

const edge = (w, h, at) => image(w, h, (i, j) => (j < at ? -1 : 1));
const rows = (mask, w) => Array.from({ length: mask.length / w }, (_, i) => [...mask.subarray(i * w, (i + 1) * w)]);

test('a straight edge has dimension 1', () => {
  const d = boundaryDimension(edge(128, 128, 50), 128, 128);
  assert.equal(d.dimension.toFixed(3), '1.000');
  assert.ok(Math.abs(d.dimension - 1) < 1e-12);
  assert.ok(Math.abs(d.r2 - 1) < 1e-12);
  assert.deepEqual(d.sizes, [2, 4, 8, 16, 32, 64, 128]);
  assert.deepEqual(d.counts, [64, 32, 16, 8, 4, 2, 1]);
  assert.equal(d.boundary_blocks, 128); // column 49: pixels 49 (< 0) and 50 (>= 0)
});

test('a checkerboard fills the plane: dimension 2', () => {
  const d = boundaryDimension(image(128, 128, (i, j) => ((i >> 1) + (j >> 1)) % 2 ? -1 : 1), 128, 128);
  assert.equal(d.dimension.toFixed(3), '2.000');
  // the bottom-right 2x2 box lies inside one cell (the padded edge adds no change of sign)
  assert.deepEqual(d.counts, [4095, 1024, 256, 64, 16, 4, 1]);
  // dimension.py on the same image: Dimension(dimension=1.9999622574851825, intercept=9.703921001877989)
  assert.ok(Math.abs(d.dimension - 1.9999622574851825) < 1e-12);
  assert.ok(Math.abs(d.fit.intercept - 9.703921001877989) < 1e-12);
  assert.equal(d.boundary_blocks, 12159);
  const fine = boundaryDimension(image(128, 128, (i, j) => (i + j) % 2 ? -1 : 1), 128, 128);
  assert.ok(Math.abs(fine.dimension - 2) < 1e-12);
  assert.deepEqual(fine.counts, [4096, 1024, 256, 64, 16, 4, 1]);
});

test('no boundary: no dimension, and the fields of Dimension.to_dict()', () => {
  const d = boundaryDimension(image(96, 80, () => -1), 96, 80);
  assert.deepEqual(d, {
    dimension: null,
    r2: null,
    fit: { slope: null, intercept: null, range: [2, 96], x: 'log(1/size)', y: 'log(count)' },
    sizes: [2, 4, 8, 16, 32, 64, 96],
    counts: [0, 0, 0, 0, 0, 0, 0],
    boundary_blocks: 0,
    shape: [80, 96],
  });
});

test('the boundary is where the sign changes; the last row and column are edge-padded', () => {
  // dimension.py's test: [[-1, -1, 1], [-1, -1, 1], [-1, -1, -1]]
  const mask = boundaryMask([-1, -1, 1, -1, -1, 1, -1, -1, -1], 3, 3);
  assert.deepEqual(rows(mask, 3), [[0, 1, 0], [0, 1, 1], [0, 0, 0]]);
  // another level: the median-style level set of a ramp
  assert.deepEqual([...boundaryMask([1, 2, 3, 4], 4, 1, 2.5)], [0, 1, 0, 0]);
  assert.deepEqual([...boundaryMask([1, 2, 3, 4], 4, 1, 3)], [0, 1, 0, 0]); // 3 >= level
});

test('pixels without data (NaN, undefined) make their blocks not count', () => {
  // a hole in a converged region is not a boundary (to dimension.py, NaN is "not converged")
  const hole = image(64, 64, (i, j) => (i > 20 && i < 30 && j > 20 && j < 30 ? NaN : -1));
  assert.equal(boundaryDimension(hole, 64, 64).boundary_blocks, 0);
  // a hole away from the edge changes nothing
  const far = edge(128, 128, 50);
  for (let i = 10; i < 40; i += 1) for (let j = 80; j < 120; j += 1) far[i * 128 + j] = NaN;
  assert.deepEqual(boundaryDimension(far, 128, 128), boundaryDimension(edge(128, 128, 50), 128, 128));
  // a NaN pixel on the edge removes exactly the two edge blocks touching it
  const on = edge(128, 128, 50);
  on[10 * 128 + 49] = NaN;
  const mask = boundaryMask(on, 128, 128);
  assert.equal(mask[9 * 128 + 49] + mask[10 * 128 + 49], 0);
  assert.equal(mask.reduce((a, b) => a + b, 0), 126);
  // missing entries (undefined) read the same as NaN
  const sparse = [-1, 1, -1, 1];
  sparse.length = 8;
  assert.deepEqual([...boundaryMask(sparse, 4, 2)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...boundaryMask([-1, 1, -1, 1, -1, 1, -1, 1], 4, 2)], [1, 1, 1, 0, 1, 1, 1, 0]);
});

test('box sizes double from the smallest up to and including the extent', () => {
  assert.deepEqual(boxSizes(1000), [2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]);
  assert.deepEqual(boxSizes(128), [2, 4, 8, 16, 32, 64, 128]);
  assert.deepEqual(boxSizes(3), [2, 3]);
  assert.deepEqual(boxSizes(1), [1]);
  assert.deepEqual(boxSizes(0), []);
  assert.deepEqual(boxSizes(100, 4), [4, 8, 16, 32, 64, 100]);
});

test('box counts use a grid anchored top-left; partial edge boxes count', () => {
  const mask = new Uint8Array(5 * 3).fill(1);
  assert.equal(boxCount(mask, 5, 3, 2), 6); // 3 x 2 boxes, the right and bottom ones partial
  const corner = new Uint8Array(5 * 3);
  corner[2 * 5 + 4] = 1;
  assert.equal(boxCount(corner, 5, 3, 1), 1);
  assert.equal(boxCount(corner, 5, 3, 2), 1);
  assert.equal(boxCount(corner, 5, 3, 5), 1);
  assert.equal(boxCount(new Uint8Array(15), 5, 3, 2), 0);
});

test('the log-log fit recovers a power law exactly', () => {
  const sizes = [2, 4, 8, 16, 32];
  const f = fitLogLog(sizes, sizes.map((s) => 1000 * s ** -1.5));
  assert.ok(Math.abs(f.slope - 1.5) < 1e-12);
  assert.ok(Math.abs(f.intercept - Math.log(1000)) < 1e-12);
  assert.ok(Math.abs(f.r2 - 1) < 1e-12);
  assert.equal(fitLogLog([2, 4], [5, 5]).r2, 1); // flat: no variance to explain
});

test('the fit range keeps the sizes asked for that hold boundary', () => {
  const mask = boundaryMask(edge(128, 128, 50), 128, 128);
  const d = maskDimension(mask, 128, 128, 2, [4, 32]);
  assert.deepEqual(d.fit.range, [4, 32]);
  assert.ok(Math.abs(d.dimension - 1) < 1e-12);
  assert.deepEqual(d.sizes, [2, 4, 8, 16, 32, 64, 128]); // counts are reported for every size
  const coarse = maskDimension(mask, 128, 128, 16);
  assert.deepEqual(coarse.sizes, [16, 32, 64, 128]);
  assert.deepEqual(coarse.fit.range, [16, 128]);
});

test('a non-square image counts boxes over its longer side', () => {
  const d = boundaryDimension(edge(200, 60, 120), 200, 60);
  assert.deepEqual(d.shape, [60, 200]);
  assert.deepEqual(d.sizes, [2, 4, 8, 16, 32, 64, 128, 200]);
  assert.deepEqual(d.counts, [30, 15, 8, 4, 2, 1, 1, 1]);
  assert.equal(d.boundary_blocks, 60);
});

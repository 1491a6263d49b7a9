import test from 'node:test';
import assert from 'node:assert/strict';
import {
  describeDimension, dimensionSize, serverUnavailable, tilesNote, tilesUnavailable, viewWindow,
} from '../js/analysis/dimension.js';
import { FZ } from '../js/core/frame.js';
import { makePlane } from '../js/core/plane.js';

const plane = makePlane({ x0: '-3', x1: '6', y0: '-3', y1: '6' });

test('the size is the largest power of two <= min(128, the server\'s largest size)', () => {
  assert.equal(dimensionSize(256), 128); // tanh-quick at 100 steps: the server allows 256
  assert.equal(dimensionSize(128), 128);
  assert.equal(dimensionSize(127), 64);
  assert.equal(dimensionSize(64), 64); // the paper's net at 500 steps
  assert.equal(dimensionSize(45), 32); // the paper's net at 1000 steps
  assert.equal(dimensionSize(10), 8); // width 36, depth 3, 200 steps (not a power of two)
  assert.equal(dimensionSize(8), 8);
  for (let max = 8; max <= 300; max += 1) {
    const s = dimensionSize(max);
    assert.ok(s <= max && s <= 128 && (2 * s > Math.min(max, 128)), `${max}`);
    assert.equal(Math.log2(s) % 1, 0, `${max}`);
  }
  assert.throws(() => dimensionSize(undefined), RangeError);
  assert.throws(() => dimensionSize(2.5), RangeError);
  assert.throws(() => dimensionSize(-1), RangeError);
});

test('below 8 no server request fits: no size, and the panel says what to use instead', () => {
  for (const max of [0, 1, 7]) assert.equal(dimensionSize(max), null);
  const text = serverUnavailable(7);
  assert.match(text, /too costly for a server measurement/);
  assert.match(text, /not even an 8 × 8 grid fits.*\(the largest that fits is 7 × 7\)/);
  assert.match(text, /Measure loaded tiles/);
  assert.match(text, /`trainscape dimension` on your own machine/);
  assert.doesNotMatch(serverUnavailable(0), /largest that fits/);
});

test('a view larger than the plane is clipped to the plane', () => {
  const c = 128n * 2n ** BigInt(FZ);
  assert.deepEqual(viewWindow(plane, { x: c, y: c }, 0, 600, 400), { x0: '-3', x1: '6', y0: '-3', y1: '6' });
});

test('the window of a deep view is exact and centred on the view', () => {
  // zoom 40, 512 x 256 px around the plane's centre: 512 px = 9 * 512 / (256 * 2^40) decades
  const c = 128n * 2n ** BigInt(FZ);
  const w = viewWindow(plane, { x: c, y: c }, 40, 512, 256);
  const half = 9 / 2 ** 40; // 256 px at zoom 40, in decades
  assert.equal(Number(w.x0), 1.5 - half);
  assert.equal(Number(w.y0), 1.5 - half / 2);
  assert.equal(w.x1, '1.5000000000081854523159563541412353515625'); // Python Fraction(3,2) + 9/2^40

});

test('an odd width keeps half pixels exactly', () => {
  const w = viewWindow(plane, { x: 0n, y: 0n }, 64, 3, 3);
  assert.equal(w.x0, '-3');
  assert.equal(w.y1, '6');
  // 1.5 fixed units at zoom 64 = 1.5 * 9 / 2^72 decades (Python Fraction(-3) + 27/2^73)
  assert.equal(w.x1, '-2.9999999999999999999971412638030167363556444115602062083780765533447265625');
});

test('a null dimension reads as no boundary', () => {
  assert.match(describeDimension({ dimension: null }), /No boundary/);
  const text = describeDimension({ dimension: 1.2346, r2: 0.99876, size: 64, fit: { range: [2, 64] } });
  assert.equal(text, 'D = 1.235 · r² = 0.999 · boxes 2–64 px of 64');
});

test('a loaded-tiles answer names the stitched image', () => {
  const r = { dimension: 1.5, r2: 0.98, fit: { range: [2, 512] }, shape: [700, 1000], boundary_blocks: 4321 };
  assert.equal(describeDimension(r, '1000 × 700'), 'D = 1.500 · r² = 0.980 · boxes 2–512 px of 1000 × 700');
  assert.equal(tilesNote(r, 0.4567),
    '1000 × 700 px of the loaded tiles (full resolution); 4321 boundary blocks; 46% converge.');
  assert.match(tilesNote(r, 0.5, 40), /full resolution, measure after 40 steps\)/);
});

test('the loaded tiles are measured only when every tile in view is a final measure tile', () => {
  const cover = (c) => ({ tiles: [{}, {}], missing: 0, loading: 0, pending: 0, preview: 0, error: 0, ...c });
  const rect = { w: 10, h: 10 };
  assert.equal(tilesUnavailable({ layer: 'measure', rect, cover: cover({}) }), null);
  assert.match(tilesUnavailable({ layer: 'lyapunov', rect, cover: cover({}) }), /lyapunov layer.*not the training measure/);
  assert.match(tilesUnavailable({ layer: 'measure', rect: null, cover: null }), /No part of the plane/);
  const wait = tilesUnavailable({ layer: 'measure', rect, cover: cover({ missing: 1, loading: 2, pending: 3, preview: 1 }) });
  assert.equal(wait, 'Not yet: of the 9 tiles in view, 3 loading, 3 still computing, '
    + '1 still a 64 × 64 preview. Wait until every tile is final (the badge on the map is gone), then measure again.');
  assert.match(tilesUnavailable({ layer: 'measure', rect, cover: cover({ error: 1, pending: 1 }) }), /^1 tile in view failed/);
});

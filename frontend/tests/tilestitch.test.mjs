import test from 'node:test';
import assert from 'node:assert/strict';
import { globalTile } from '../js/core/frame.js';
import {
  convergedFraction, coveringRecords, coveringTiles, stitch, stitchView, visibleRect,
} from '../js/map/tilestitch.js';

const bounds = (x0, y0, x1, y1) => ({ min: { x: x0, y: y0 }, max: { x: x1, y: y1 } });
const TOP = { base: 0, ax: 0n, ay: 0n };

/** A ready record of local tile (l, x, y) whose value at (row, col) is 1000 * row + col + tag. */
function record(l, x, y, state = 'ready', tag = 0) {
  const data = new Float32Array(256 * 256);
  for (let i = 0; i < 256; i += 1) for (let j = 0; j < 256; j += 1) data[i * 256 + j] = 1000 * i + j + tag;
  return { coords: { z: l, x, y }, state, data: state === 'pending' ? null : data };
}

test('the visible rectangle is clipped to the plane', () => {
  // local zoom 2 of the top frame: the plane is 1024 px wide
  assert.deepEqual(visibleRect(TOP, 2, bounds(-100, -50, 660, 430)),
    { z: 2, px: 0n, py: 0n, w: 660, h: 430, lx: 0, ly: 0 });
  assert.deepEqual(visibleRect(TOP, 2, bounds(800, 900, 1560, 1380)),
    { z: 2, px: 800n, py: 900n, w: 224, h: 124, lx: 800, ly: 900 });
  assert.equal(visibleRect(TOP, 2, bounds(1100, 0, 1500, 400)), null);
  // partly visible pixels count
  assert.deepEqual(visibleRect(TOP, 2, bounds(10.5, 20.25, 20.5, 30)),
    { z: 2, px: 10n, py: 20n, w: 11, h: 10, lx: 10, ly: 20 });
});

test('global pixels of a deep frame are exact (zoom 48)', () => {
  // anchor tile (2^32 - 3, 5) at zoom 32, local zoom 16; the plane's right edge is in view
  const anchor = { base: 32, ax: 2n ** 32n - 3n, ay: 5n };
  const r = visibleRect(anchor, 16, bounds(3 * 2 ** 24 - 300, 1000, 3 * 2 ** 24 + 460, 1480));
  const gx = globalTile(anchor, 16, Math.floor((3 * 2 ** 24 - 300) / 256), 3);
  assert.equal(r.z, 48);
  assert.equal(r.px, 256n * gx.x + BigInt((3 * 2 ** 24 - 300) % 256));
  assert.equal(r.px + BigInt(r.w), 256n * 2n ** 48n); // clipped at the right edge
  assert.equal(r.w, 300);
  assert.equal(r.py, 5n * 256n * 2n ** 16n + 1000n);
  assert.equal(r.h, 480);
});

test('the tiles covering a rectangle', () => {
  const r = { lx: 250, ly: 0, w: 300, h: 256 };
  assert.deepEqual(coveringTiles(r), [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 0 }]);
  assert.deepEqual(coveringTiles({ lx: 256, ly: 256, w: 256, h: 1 }), [{ x: 1, y: 1 }]);
});

test('records that are not final are counted by state; other zooms are ignored', () => {
  const rect = { lx: 0, ly: 0, w: 768, h: 512 };
  const recs = [
    record(3, 0, 0), record(3, 1, 0, 'preview'), record(3, 2, 0, 'pending'),
    record(3, 0, 1, 'loading'), record(3, 1, 1, 'error'), record(2, 2, 1),
  ];
  const c = coveringRecords(recs, 3, rect);
  assert.equal(c.tiles.length, 1);
  assert.deepEqual({ ...c, tiles: undefined },
    { tiles: undefined, missing: 1, loading: 1, pending: 1, preview: 1, error: 1 });
  assert.equal(stitchView(recs, TOP, 3, bounds(0, 0, 768, 512)).values, undefined);
});

test('stitching copies each tile pixel to its place in the rectangle', () => {
  const recs = [record(1, 0, 0, 'ready', 0.25), record(1, 1, 0, 'ready', 0.5),
    record(1, 0, 1, 'ready', 0.75), record(1, 1, 1)];
  const v = stitchView(recs, TOP, 1, bounds(200, 250, 300, 262));
  assert.deepEqual(v.rect, { z: 1, px: 200n, py: 250n, w: 100, h: 12, lx: 200, ly: 250 });
  const at = (i, j) => v.values[i * 100 + j];
  assert.equal(at(0, 0), 1000 * 250 + 200 + 0.25); // tile (0, 0), row 250, column 200
  assert.equal(at(5, 55), 1000 * 255 + 255 + 0.25);
  assert.equal(at(5, 56), 1000 * 255 + 0 + 0.5); // tile (1, 0)
  assert.equal(at(6, 0), 1000 * 0 + 200 + 0.75); // tile (0, 1), row 0
  assert.equal(at(11, 99), 1000 * 5 + 43); // tile (1, 1)
  assert.ok(!v.values.some(Number.isNaN));
});

test('stitch leaves NaN where no record is given; convergedFraction skips it', () => {
  const rect = { lx: 0, ly: 0, w: 512, h: 1 };
  const values = stitch([record(1, 0, 0)], rect);
  assert.ok(Number.isNaN(values[256]) && values[255] === 255);
  assert.equal(convergedFraction(Float32Array.from([-1, 2, NaN, -3])), 2 / 3);
  assert.equal(convergedFraction(Float32Array.from([NaN])), 0);
});

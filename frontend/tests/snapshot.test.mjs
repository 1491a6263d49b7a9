import test from 'node:test';
import assert from 'node:assert/strict';
import { drawPlan, tileShown, viewShown } from '../js/map/snapshot.js';

const rect = (left, top, width, height) => ({ left, top, width, height });
const bounds = (x0, y0, x1, y1) => ({ min: { x: x0, y: y0 }, max: { x: x1, y: y1 } });
const TOP = { base: 0, ax: 0n, ay: 0n };

test('canvases are drawn relative to the map, bottom first', () => {
  const box = rect(100, 50, 600, 400);
  const items = [
    { rect: rect(100, 50, 256, 256), layer: 1, z: 19 }, // current level (z-index 19)
    { rect: rect(-60, -90, 512, 512), layer: 1, z: 18 }, // previous level, scaled x2
    { rect: rect(100, 50, 600, 400), layer: 0, z: 150 }, // an older snapshot (its own pane)
    { rect: rect(356, 50, 256, 256), layer: 1, z: 19 },
  ];
  assert.deepEqual(drawPlan(box, items), [
    { i: 2, x: 0, y: 0, w: 600, h: 400 },
    { i: 1, x: -160, y: -140, w: 512, h: 512 },
    { i: 0, x: 0, y: 0, w: 256, h: 256 },
    { i: 3, x: 256, y: 0, w: 256, h: 256 },
  ]);
});

test('levels without a z-index keep their DOM order; canvases outside the map are left out', () => {
  const box = rect(0, 0, 300, 200);
  const items = [
    { rect: rect(0, 0, 256, 256), layer: 1, z: NaN },
    { rect: rect(300, 0, 256, 256), layer: 1, z: NaN }, // just right of the map
    { rect: rect(-256, 10, 256, 256), layer: 1, z: NaN }, // just left of it
    { rect: rect(10, 10, 0, 0), layer: 1, z: NaN }, // not laid out
    { rect: rect(-100, 199.5, 256, 256), layer: 1, z: NaN }, // half a pixel in view
    { rect: rect(44, -56, 256, 256), layer: 1, z: NaN },
  ];
  assert.deepEqual(drawPlan(box, items).map((d) => d.i), [0, 4, 5]);
  assert.deepEqual(drawPlan(box, []), []);
});

/** A record of local tile (l, x, y) in state `state`, painted unless `painted` is false. */
function record(l, x, y, state = 'ready', painted = true) {
  const data = ['loading', 'pending', 'error'].includes(state) ? null : new Float32Array(4);
  return { coords: { z: l, x, y }, state, data, image: painted && data ? {} : null };
}

test('a tile shows something once painted (full or preview), or once it failed', () => {
  assert.equal(tileShown(record(0, 0, 0, 'ready')), true);
  assert.equal(tileShown(record(0, 0, 0, 'preview')), true);
  assert.equal(tileShown(record(0, 0, 0, 'error')), true);
  assert.equal(tileShown(record(0, 0, 0, 'ready', false)), false); // colours a frame away
  assert.equal(tileShown(record(0, 0, 0, 'loading')), false);
  assert.equal(tileShown(record(0, 0, 0, 'pending')), false);
});

test('the view is shown when every tile covering it (in the plane) shows something', () => {
  // local zoom 2 of the top frame (the plane is 1024 px); the view covers tiles x 0..2, y 0..1
  const view = bounds(-100, -50, 660, 430);
  const all = [];
  for (let y = 0; y < 2; y += 1) {
    for (let x = 0; x < 3; x += 1) all.push(record(2, x, y, x === 1 ? 'preview' : 'ready'));
  }
  assert.equal(viewShown(all, TOP, 2, view), true);
  assert.equal(viewShown(all.slice(1), TOP, 2, view), false); // one tile missing
  const waiting = all.map((r, i) => (i === 4 ? record(2, 1, 1, 'pending') : r));
  assert.equal(viewShown(waiting, TOP, 2, view), false);
  const failed = all.map((r, i) => (i === 4 ? record(2, 1, 1, 'error') : r));
  assert.equal(viewShown(failed, TOP, 2, view), true);
  // tiles of another zoom (the previous level, kept by Leaflet) do not count
  assert.equal(viewShown(all, TOP, 3, bounds(0, 0, 300, 200)), false);
  assert.equal(viewShown([...all, record(3, 0, 0)], TOP, 3, bounds(0, 0, 200, 200)), true);
  // no plane in view: nothing to wait for
  assert.equal(viewShown([], TOP, 2, bounds(1100, 0, 1500, 400)), true);
});

test('a deep frame (zoom 48) is covered tile by tile at the plane\'s edge', () => {
  // anchor tile (2^32 - 1, 5) at zoom 32, local zoom 16: local tile 2^16 - 1 is the last column
  const anchor = { base: 32, ax: 2n ** 32n - 1n, ay: 5n };
  const edge = 2 ** 24; // the plane's right edge in local pixels
  const view = bounds(edge - 300, 1000, edge + 460, 1480);
  const need = [];
  for (const x of [2 ** 16 - 2, 2 ** 16 - 1]) {
    for (const y of [3, 4, 5]) need.push(record(16, x, y));
  }
  assert.equal(viewShown(need, anchor, 16, view), true); // nothing needed right of the edge
  assert.equal(viewShown(need.slice(0, 5), anchor, 16, view), false);
});

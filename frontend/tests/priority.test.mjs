import assert from 'node:assert/strict';
import test from 'node:test';

import { MAX_RANK, ViewHints, pageToken, tileRank } from '../js/map/priority.js';

test('the tile under the centre ranks 0 and farther tiles rank higher', () => {
  const c = { x: 3 * 256 + 128, y: 5 * 256 + 128 };
  assert.equal(tileRank(4, 3, 5, c, 4), 0);
  const near = tileRank(4, 4, 5, c, 4);
  const diag = tileRank(4, 4, 6, c, 4);
  const far = tileRank(4, 6, 5, c, 4);
  assert.equal(near, 16);
  assert.ok(near < diag && diag < far, `${near} ${diag} ${far}`);
});

test('tiles of another zoom level rank after all tiles of the shown one', () => {
  const c = { x: 128, y: 128 };
  assert.ok(tileRank(3, 0, 0, c, 4) > tileRank(4, 200, 200, c, 4));
  assert.equal(tileRank(4, 1e9, 1e9, c, 4), MAX_RANK);
});

test('the view token changes when the centre or zoom changes, not otherwise', () => {
  const h = new ViewHints('p');
  const at = (x, y) => (z) => ({ x: x * 2 ** z, y: y * 2 ** z });
  const view = (tile, current, centreAt) => h.headers(tile, current, centreAt)['X-Trainscape-View'];
  const a = view({ z: 2, x: 0, y: 0 }, 2, at(25, 25));
  const b = view({ z: 2, x: 1, y: 0 }, 2, at(25.01, 24.99));
  const old = view({ z: 1, x: 0, y: 0 }, 2, at(25, 25)); // a tile of the previous zoom
  const moved = view({ z: 2, x: 1, y: 0 }, 2, at(35, 25));
  const zoomed = view({ z: 3, x: 1, y: 0 }, 3, at(35, 25));
  assert.equal(a, b);
  assert.equal(old, a);
  assert.notEqual(moved, a);
  assert.notEqual(zoomed, moved);
  for (const t of [a, moved, zoomed]) assert.match(t, /^[A-Za-z0-9_.-]{1,64}$/);
});

test('ranks are measured at the tile\'s own zoom', () => {
  const h = new ViewHints('p');
  const at = (z) => ({ x: 128 * 2 ** z, y: 128 * 2 ** z }); // the centre of tile 0/0/0
  const rank = (tile, current) => Number(h.headers(tile, current, at)['X-Trainscape-Rank']);
  assert.equal(rank({ z: 3, x: 3, y: 3 }, 3), tileRank(3, 3, 3, at(3), 3));
  assert.equal(rank({ z: 0, x: 0, y: 0 }, 3), tileRank(0, 0, 0, at(0), 3));
  assert.ok(rank({ z: 0, x: 0, y: 0 }, 3) > rank({ z: 3, x: 0, y: 0 }, 3));
});

test('page tokens are valid header tokens', () => {
  for (let i = 0; i < 50; i += 1) assert.match(`${pageToken()}-12345`, /^[A-Za-z0-9_.-]{1,64}$/);
});

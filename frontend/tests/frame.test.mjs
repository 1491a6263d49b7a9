import test from 'node:test';
import assert from 'node:assert/strict';
import {
  FZ, chooseAnchor, fromPixelString, globalTile, localPoint, moveBy, needsReanchor, pixelAt,
  pixelCentre, pixelInPlane, planeLocalBounds, tileInPlane, toLocal, toPixelString,
} from '../js/core/frame.js';

test('pixel strings round-trip exactly at deep zoom', () => {
  const z = 47;
  const c = pixelCentre(z, 12345678901234567n, 98765432109876n);
  assert.equal(toPixelString(c.x, z), '12345678901234567.5');
  assert.equal(fromPixelString('12345678901234567.5', z), c.x);
  assert.equal(pixelAt(c.x, z), 12345678901234567n);
  assert.equal(pixelAt(c.x, z + 1), 24691357802469135n);
});

test('the anchor keeps local coordinates small and exact at zoom 48', () => {
  const z = 48;
  const c = pixelCentre(z, 2n ** 55n + 12345n, 2n ** 54n + 7n);
  const a = chooseAnchor(z, c.x, c.y);
  assert.equal(a.base, 32);
  const l = z - a.base;
  const p = localPoint(a, c, l);
  assert.ok(Math.abs(p.x) < 256 * 2 ** l && Math.abs(p.y) < 256 * 2 ** l);
  assert.equal(p.x % 1, 0.5);
  // a one-pixel pan moves the exact centre by exactly one global pixel
  const moved = moveBy(c.x, 1, z);
  assert.equal(pixelAt(moved, z), pixelAt(c.x, z) + 1n);
  assert.equal(toLocal(a, moved, a.ax, l) - p.x, 1);
  assert.equal(moved - c.x, 2n ** BigInt(FZ - z));
});

test('local tiles map to global tiles under the anchor', () => {
  const a = { base: 10, ax: 300n, ay: 5n };
  assert.deepEqual(globalTile(a, 3, 2, -1), { z: 13, x: 2402n, y: 39n });
  assert.ok(tileInPlane({ z: 13, x: 2402n, y: 39n }));
  assert.ok(!tileInPlane({ z: 13, x: -1n, y: 0n }));
  assert.ok(!tileInPlane({ z: 2, x: 4n, y: 0n }));
  assert.deepEqual(planeLocalBounds(a), [[-76800, -1280], [-76800 + 256 * 1024, -1280 + 256 * 1024]]);
});

test('re-anchoring triggers when the local zoom leaves its band', () => {
  const a = chooseAnchor(30, 0n, 0n);
  assert.equal(a.base, 14);
  assert.ok(!needsReanchor(a, 30));
  assert.ok(needsReanchor(a, 14 + 25));
  assert.ok(needsReanchor(a, 14 + 5));
  assert.ok(!needsReanchor(chooseAnchor(3, 0n, 0n), 0));
});

test('sub-pixel moves are quantised to 1/256 pixel', () => {
  const z = 20;
  const c = pixelCentre(z, 1000n, 1000n).x;
  const moved = moveBy(c, 0.3, z);
  assert.equal(moved - c, (77n * 2n ** BigInt(FZ - z)) / 256n);
});

test('pixels outside the plane are told apart, exactly at zoom 48', () => {
  assert.equal(pixelInPlane(0, 0, 255), true);
  assert.equal(pixelInPlane(0, '-1', '10'), false);
  assert.equal(pixelInPlane(1, 511, 511), true);
  assert.equal(pixelInPlane(1, 512, 0), false);
  const last = 256n * 2n ** 48n - 1n;
  assert.equal(pixelInPlane(48, last, String(last)), true);
  assert.equal(pixelInPlane(48, last + 1n, 0n), false);
});

test('a pixel coordinate is written as the shortest decimal that reads back to the same position', () => {
  const z = 4;
  const typed = '1479.111111111111';
  const c = fromPixelString(typed, z);
  assert.equal(toPixelString(c, z), typed); // not its 60-digit dyadic value
  assert.equal(fromPixelString(toPixelString(c + 1n, z), z), c + 1n); // one unit apart: distinct
  assert.notEqual(toPixelString(c + 1n, z), typed);
  for (const [s, zz] of [['0.5', 0], ['12345.5', 20], ['3.25', 10], ['7', 3]]) {
    assert.equal(toPixelString(fromPixelString(s, zz), zz), s);
  }
  // every fixed value round-trips, at any zoom
  for (const zz of [0, 17, 48, 64]) {
    for (const v of [0n, 1n, 2n ** 70n + 12345n, 256n * 2n ** 64n - 1n]) {
      assert.equal(fromPixelString(toPixelString(v, zz), zz), v);
    }
  }
});

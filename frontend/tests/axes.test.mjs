import test from 'node:test';
import assert from 'node:assert/strict';
import { labelsInside } from '../js/map/axes.js';

test('an axis keeps only the ticks whose whole label fits on it', () => {
  const list = [{ pos: 40, label: 'a' }, { pos: 200, label: 'b' }, { pos: 660, label: 'c' }, { pos: 8, label: 'd' }];
  const widths = [100, 100, 100, 6];
  // a 100 px deep-zoom label at 40 px would stick 10 px out of the top; at 660 of 700, 10 px out
  assert.deepEqual(labelsInside(list, widths, 700).map((t) => t.label), ['b', 'd']);
  assert.deepEqual(labelsInside(list, [60, 60, 60, 20], 700).map((t) => t.label), ['a', 'b', 'c']);
});

import test from 'node:test';
import assert from 'node:assert/strict';
import { linearTicks, logTicks, scale } from '../js/plot.js';

test('linear ticks are 1, 2 or 5 times a power of ten apart and cover the range', () => {
  assert.deepEqual(linearTicks(-0.4, 8.4), [0, 2, 4, 6, 8]);
  assert.deepEqual(linearTicks(-1.05, 1.05), [-1, -0.5, 0, 0.5, 1]);
  const t = linearTicks(-0.0021, 0.0003);
  assert.ok(t.includes(0) && t.every((v) => v >= -0.0021 && v <= 0.0003), String(t));
});

test('scale maps and clamps', () => {
  const f = scale(0, 10, 100, 0);
  assert.equal(f(0), 100);
  assert.equal(f(5), 50);
  assert.equal(f(20), 0);
  assert.equal(f(-Infinity), 100);
});

test('log ticks: decades over a wide range, 1-2-5 steps over a narrow one', () => {
  assert.deepEqual(logTicks(-2.3, 5.7).map((t) => t.label), ['1e-2', '1e0', '1e2', '1e4']);
  const narrow = logTicks(Math.log10(0.3), Math.log10(3)).map((t) => t.label);
  assert.deepEqual(narrow, ['5e-1', '1e0', '2e0']);
  for (const t of logTicks(-0.52, 0.48)) assert.ok(t.v >= -0.52 && t.v <= 0.48);
});

import test from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal, rat, toNumber, cmp } from '../js/core/exact.js';
import { pixelCentre } from '../js/core/frame.js';
import { digitsFor, fixedFromLog10, log10X, log10Y, makePlane, niceStep, ticks } from '../js/core/plane.js';

const plane = makePlane({ x0: '-3', x1: '6', y0: '-3', y1: '6' });

test('pixel centres map to the server\'s exact log10 coordinates', () => {
  // trainscape.tiles.pixel_log10(tanh-quick, 47, 12345678901234567, 98765432109876)
  const c = pixelCentre(47, 12345678901234567n, 98765432109876n);
  assert.equal(cmp(log10X(plane, c.x), rat(6049438108438407n, 72057594037927936n)), 0);
  assert.equal(cmp(log10Y(plane, c.y), rat(430567786449589839n, 72057594037927936n)), 0);
});

test('the top-left corner is (x0, y1)', () => {
  assert.equal(cmp(log10X(plane, 0n), parseDecimal('-3')), 0);
  assert.equal(cmp(log10Y(plane, 0n), parseDecimal('6')), 0);
});

test('fixedFromLog10 inverts log10X to within float precision', () => {
  const f = fixedFromLog10(plane, 'x', 1.5);
  assert.ok(Math.abs(toNumber(log10X(plane, f)) - 1.5) < 1e-14);
  const g = fixedFromLog10(plane, 'y', 1.5);
  assert.ok(Math.abs(toNumber(log10Y(plane, g)) - 1.5) < 1e-14);
});

test('niceStep picks 1, 2 or 5 times a power of ten', () => {
  assert.equal(toNumber(niceStep(9, 5)), 2);
  assert.equal(toNumber(niceStep(3e-12, 5)), 5e-13);
  assert.equal(toNumber(niceStep(40, 5)), 10);
});

test('ticks over the whole plane are decades, positioned exactly', () => {
  const t = ticks(parseDecimal('-3'), parseDecimal('6'), 900, 5);
  assert.deepEqual(t.map((k) => k.label), ['0.01', '1', '100', '10000', '1e6']);
  assert.deepEqual(t.map((k) => Math.round(k.pos)), [100, 300, 500, 700, 900]);
});

test('deep ticks carry enough digits to tell neighbours apart', () => {
  const u0 = parseDecimal('1.12385293847561');
  const u1 = parseDecimal('1.12385293847562');
  const t = ticks(u0, u1, 1000, 5);
  assert.ok(t.length >= 3);
  const labels = t.map((k) => k.label);
  assert.equal(new Set(labels).size, labels.length);
  assert.equal(labels[0], '13.30003973545571');
  assert.ok(digitsFor(1e-15) >= 15);
});

test('a descending axis (y) gives positions from its start', () => {
  const t = ticks(parseDecimal('6'), parseDecimal('-3'), 900, 5);
  assert.equal(t[0].label, '0.01');
  assert.equal(Math.round(t[0].pos), 800);
});

test('tick labels of one axis show the same number of digits (a trailing zero stays)', () => {
  const labels = ticks(parseDecimal('-0.753666'), parseDecimal('-0.743666'), 1000, 5).map((t) => t.label);
  assert.deepEqual(labels, ['0.1770', '0.1778', '0.1786', '0.1795', '0.1803']);
  const far = ticks(parseDecimal('-2.388642'), parseDecimal('-2.387642'), 1000, 5).map((t) => t.label);
  assert.ok(far.every((l) => l.length === far[0].length) && far.includes('0.0040870'), far);
  // zeros every label has are still dropped
  assert.deepEqual(ticks(parseDecimal('0.1'), parseDecimal('0.2'), 1000, 5).map((t) => t.label),
    ['1.26', '1.32', '1.38', '1.45', '1.51', '1.58']);
});

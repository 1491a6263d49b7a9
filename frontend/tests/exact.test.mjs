import test from 'node:test';
import assert from 'node:assert/strict';
import { ceil, cmp, floor, formatPow10, fromNumber, parseDecimal, pow10Digits, rat, toDecimalString, toNumber } from '../js/core/exact.js';

test('parseDecimal reads plain, signed and exponent forms exactly', () => {
  assert.deepEqual(parseDecimal('-3'), { n: -3n, d: 1n });
  assert.equal(cmp(parseDecimal('1.25'), rat(5n, 4n)), 0);
  assert.equal(cmp(parseDecimal('2.5e-3'), rat(1n, 400n)), 0);
  assert.equal(cmp(parseDecimal('.5'), rat(1n, 2n)), 0);
  for (const bad of ['', '.', 'abc', '1.2.3', '1e', 'NaN', '0x10']) assert.throws(() => parseDecimal(bad));
});

test('floor and ceil round towards -inf and +inf', () => {
  assert.equal(floor(rat(-7n, 2n)), -4n);
  assert.equal(ceil(rat(-7n, 2n)), -3n);
  assert.equal(floor(rat(7n, 2n)), 3n);
  assert.equal(ceil(rat(6n, 2n)), 3n);
});

test('toDecimalString is exact for dyadic rationals', () => {
  assert.equal(toDecimalString(rat(12345n * 2n + 1n, 2n)), '12345.5');
  assert.equal(toDecimalString(rat(-1n, 1024n)), '-0.0009765625');
  assert.equal(toDecimalString(rat(2n ** 70n + 1n, 2n ** 10n)), '1152921504606846976.0009765625');
});

test('toNumber is accurate for huge numerators and denominators', () => {
  const big = 2n ** 200n;
  assert.equal(toNumber(rat(big * 3n, big * 4n)), 0.75);
  assert.equal(toNumber(rat(1n, 3n)), 1 / 3);
  assert.equal(toNumber(fromNumber(0.1)), 0.1);
});

test('pow10Digits matches 50-digit decimal references', () => {
  assert.equal(pow10Digits(rat(1n, 2n), 30).digits, '316227766016837933199889354443');
  assert.equal(pow10Digits(rat(1n, 3n), 25).digits, '2154434690031883721759294');
  const r = pow10Digits(parseDecimal('-7.25'), 20);
  assert.equal(r.digits, '56234132519034908039');
  assert.equal(r.exp10, -7);
  // the log10 x-coordinate of pixel (12345678901234567, .) at zoom 47 of the default plane
  const u = rat(6049438108438407n, 72057594037927936n);
  assert.equal(pow10Digits(u, 30).digits, '121325703555767148292987839435');
});

test('formatPow10 picks plain or scientific notation', () => {
  assert.equal(formatPow10(rat(0n), 3), '1');
  assert.equal(formatPow10(rat(3n), 2), '1000');
  assert.equal(formatPow10(rat(-3n), 2), '0.001');
  assert.equal(formatPow10(rat(9n), 2), '1e9');
  assert.equal(formatPow10(rat(1n, 2n), 5), '3.1623');
  assert.equal(formatPow10(parseDecimal('-7.25'), 3), '5.62e-8');
});

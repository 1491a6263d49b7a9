import test from 'node:test';
import assert from 'node:assert/strict';
import { COLORMAPS, buildCdf, colourSteps, colourTile, gradientCss, lut, stepIndex, tValue } from '../js/colour/colour.js';

test('every colormap builds a 256-entry opaque table', () => {
  for (const name of Object.keys(COLORMAPS)) {
    const t = lut(name);
    assert.equal(t.length, 1024);
    for (let i = 3; i < 1024; i += 4) assert.equal(t[i], 255);
  }
  assert.throws(() => lut('nope'), /unknown colormap/);
});

test('Spectral runs from dark red (diverged) to blue-purple (converged)', () => {
  const t = lut('Spectral');
  assert.deepEqual(Array.from(t.slice(0, 3)), [0x9e, 0x01, 0x42]);
  assert.deepEqual(Array.from(t.slice(1020, 1023)), [0x5e, 0x4f, 0xa2]);
});

test('the CDF keeps the sign: converged > 0.25, diverged < -0.25', () => {
  const cdf = buildCdf([Float32Array.from([-100, -10, -1, 0.5, 5, 50])]);
  assert.equal(tValue(cdf, -100), 1);
  assert.equal(tValue(cdf, -1), 0.25);
  assert.equal(tValue(cdf, 0.5), -0.25);
  assert.equal(tValue(cdf, 50), -1);
  assert.ok(tValue(cdf, -10) > 0.25 && tValue(cdf, -10) < 1);
  assert.equal(tValue(cdf, NaN), -1);
});

test('one CDF over several tiles colours equal values equally (no seams)', () => {
  const a = Float32Array.from([-5, -3, 2, 8]);
  const b = Float32Array.from([-3, -1, 8, 20]);
  const cdf = colourSteps(buildCdf([a, b]));
  const table = lut('Spectral');
  const ca = colourTile(a, cdf, table);
  const cb = colourTile(b, cdf, table);
  assert.deepEqual(Array.from(ca.slice(4, 8)), Array.from(cb.slice(0, 4))); // -3
  assert.deepEqual(Array.from(ca.slice(12, 16)), Array.from(cb.slice(8, 12))); // 8
  assert.notDeepEqual(Array.from(ca.slice(0, 4)), Array.from(ca.slice(12, 16)));
});

test('the legend gradient lists every stop', () => {
  assert.match(gradientCss('Spectral'), /^linear-gradient\(to right, rgb\(158,1,66\) 0.0%/);
  assert.match(gradientCss('Spectral'), /rgb\(94,79,162\) 100.0%\)$/);
});

test('the stepped CDF colours like tValue to within one colour level', () => {
  const data = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 100);
  const cdf = buildCdf([data]);
  const steps = colourSteps(cdf);
  for (const v of [...data.slice(0, 500), -1e9, 1e9, 0, -0.001]) {
    const exact = Math.round(((tValue(cdf, v) + 1) / 2) * 255);
    assert.ok(Math.abs(stepIndex(steps, v) - exact) <= 1, `${v}: ${stepIndex(steps, v)} vs ${exact}`);
  }
  assert.equal(stepIndex(steps, NaN), 0);
  assert.equal(stepIndex(steps, -Infinity), 255);
  assert.ok(stepIndex(steps, -50) > 127 && stepIndex(steps, 50) < 128); // converged blue side
});

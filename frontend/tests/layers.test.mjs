import test from 'node:test';
import assert from 'node:assert/strict';
import { COLORMAPS, COLORMAP_LOOK, lut } from '../js/colour.js';
import { legendNote } from '../js/layers.js';

const luminance = (name, i) => { const t = lut(name); return t[4 * i] + t[4 * i + 1] + t[4 * i + 2]; };

test('every colormap says how it shows the ranks', () => {
  assert.deepEqual(Object.keys(COLORMAP_LOOK).sort(), Object.keys(COLORMAPS).sort());
});

test('"dark ends, pale middle" only where the map has dark ends and a pale middle', () => {
  for (const name of Object.keys(COLORMAPS)) {
    const note = legendNote('measure', name);
    const [left, mid, right] = [luminance(name, 0), luminance(name, 128), luminance(name, 255)];
    const darkEnds = mid > left + 200 && mid > right + 200;
    assert.equal(/dark ends/.test(note), darkEnds, `${name}: ${note}`);
    assert.equal(/pale middle/.test(note), darkEnds, `${name}: ${note}`);
  }
});

test('sequential maps name their ends: which colour is diverged, which converged', () => {
  assert.equal(legendNote('measure', 'Spectral'), 'dark ends: slowest runs, at the boundary · pale middle: fastest');
  assert.match(legendNote('measure', 'gray'), /black: diverged, white: converged/);
  assert.match(legendNote('measure', 'viridis'), /dark purple: diverged, yellow: converged/);
  assert.match(legendNote('measure', 'magma'), /black: diverged, pale yellow: converged/);
  assert.match(legendNote('lyapunov', 'gray'), /largest \|λ\| \(black: chaotic, white: contracting\)/);
  assert.match(legendNote('lyapunov', 'RdBu'), /dark ends: largest \|λ\|$/);
});

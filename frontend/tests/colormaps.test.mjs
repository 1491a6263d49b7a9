import test from 'node:test';
import assert from 'node:assert/strict';
import { COLORMAPS, DEFAULT_COLORMAP, gradientCss, lut } from '../js/colour/colour.js';
import { legendNote } from '../js/ui/layermenu.js';
import { decodeView, fitToExperiment } from '../js/core/permalink.js';

const at = (table, i) => Array.from(table.slice(4 * i, 4 * i + 3));

test('the menu names come from colormaps.json: the page\'s maps plus paper', () => {
  assert.deepEqual(Object.keys(COLORMAPS), ['Spectral', 'RdBu', 'paper', 'viridis', 'magma', 'gray']);
  assert.equal(DEFAULT_COLORMAP, 'Spectral');
});

test('stops sit at their positions, also when unevenly spaced (paper)', () => {
  const t = lut('paper');
  assert.deepEqual(at(t, 0), [0x47, 0x05, 0x05]); // slowest divergence: dark red
  assert.deepEqual(at(t, 255), [0x05, 0x0d, 0x40]); // slowest convergence: navy
  const fast = Math.round(0.375 * 255); // t = -0.25, the fastest divergence: pale orange
  assert.ok(at(t, fast).every((c, k) => Math.abs(c - [0xff, 0xb8, 0x73][k]) <= 2), `${at(t, fast)}`);
  assert.match(gradientCss('paper'), /rgb\(255,184,115\) 37\.5%, rgb\(140,199,255\) 62\.5%/);
});

test('paper reads as a diverging map in the legend', () => {
  assert.equal(legendNote('measure', 'paper'), 'dark ends: slowest runs, at the boundary · pale middle: fastest');
});

test('old page URLs and every menu name survive the permalink; unknown names are reported', () => {
  const exp = { id: 'tanh-quick', max_zoom: 48 };
  const colormaps = Object.keys(COLORMAPS);
  for (const cmap of colormaps) {
    const { view, errors } = decodeView(`?e=tanh-quick&z=3&x=1&y=2&cmap=${cmap}`);
    assert.deepEqual(errors, []);
    assert.equal(fitToExperiment(view, exp, { colormaps }).view.cmap, cmap);
  }
  const fit = fitToExperiment(decodeView('?e=tanh-quick&cmap=jet').view, exp, { colormaps });
  assert.equal(fit.view.cmap, undefined);
  assert.match(fit.ignored[0], /cmap=jet is not a colormap \(Spectral, RdBu, paper, viridis, magma, gray\)/);
});

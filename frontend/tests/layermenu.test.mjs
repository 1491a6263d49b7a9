import test from 'node:test';
import assert from 'node:assert/strict';
import { COLORMAPS, COLORMAP_LOOK, lut } from '../js/colour/colour.js';
import { layerOptions, layerRefusal, legendNote } from '../js/ui/layermenu.js';

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

const TILESET = {
  layers: [
    { id: 'measure', description: 'training measure', steps: true, available: true },
    {
      id: 'lyapunov', description: 'finite-time exponent', steps: false, available: false,
      reason: 'Lyapunov tiles of this experiment are over the server\'s tile budget; use at most 4282 steps',
    },
  ],
};

test('a layer the server cannot serve is in the menu, disabled, with the reason as its tooltip', () => {
  const [measure, lyap] = layerOptions(TILESET, 'measure');
  assert.deepEqual(measure, { value: 'measure', text: 'measure', title: 'training measure', disabled: false, selected: true });
  assert.equal(lyap.value, 'lyapunov');
  assert.equal(lyap.text, 'lyapunov (unavailable)');
  assert.equal(lyap.disabled, true);
  assert.equal(lyap.title, TILESET.layers[1].reason);
  assert.equal(layerRefusal(TILESET, 'lyapunov'), TILESET.layers[1].reason);
  assert.equal(layerRefusal(TILESET, 'measure'), null);
});

test('layers are available unless the tileset says otherwise (older servers, no tileset)', () => {
  const old = { layers: [{ id: 'measure', description: 'm' }, { id: 'lyapunov', description: 'l' }] };
  assert.ok(layerOptions(old, 'lyapunov').every((o) => !o.disabled));
  assert.equal(layerOptions(old, 'lyapunov')[1].selected, true);
  assert.equal(layerRefusal(old, 'lyapunov'), null);
  assert.equal(layerRefusal(null, 'lyapunov'), null);
  assert.deepEqual(layerOptions(null, 'measure').map((o) => o.value), ['measure']);
  const terse = { layers: [{ id: 'x', available: false }] };
  assert.equal(layerRefusal(terse, 'x'), 'The x layer cannot be shown for this experiment.');
});

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

test('a layer dearer than the measure says what it costs on a CPU', async () => {
  const { layerCostNote } = await import('../js/ui/layermenu.js');
  const quick = { id: 'tanh-quick', cost: { tile: 100 } };
  const exp = { steps: 500, cost: { tile: 4800 } }; // the paper's net: 48x a quick tile
  assert.equal(layerCostNote({ id: 'measure', cost: 1 }, exp, quick), null);
  assert.equal(layerCostNote(null, exp, quick), null);
  const note = layerCostNote({ id: 'lyapunov', cost: 3 }, exp, quick);
  assert.match(note, /^Lyapunov tiles cost 3× a measure tile/);
  assert.match(note, /at 500 steps about 12 min per tile/); // 144 x 5 s
  // a cheap experiment: 3 x 1.2 = 3.6 quick tiles, within the menu's threshold of 4: no note
  assert.equal(layerCostNote({ id: 'lyapunov', cost: 3 }, { steps: 20, cost: { tile: 120 } }, quick), null);
  // 3 x 2 = 6 quick tiles: a note with seconds, not "minutes"
  const mid = layerCostNote({ id: 'lyapunov', cost: 3 }, { steps: 200, cost: { tile: 200 } }, quick);
  assert.match(mid, /at 200 steps about 30 s per tile/);
});

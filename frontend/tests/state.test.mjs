import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLORMAP, lut } from '../js/colour/colour.js';
import { unitsPerPixel } from '../js/core/frame.js';
import { createState } from '../js/core/state.js';
import { createUrlState } from '../js/core/urlstate.js';

test('the state declares every field at once, and takes no others', () => {
  const s = createState();
  assert.deepEqual(Object.keys(s), [
    'list', 'defaultId', 'id', 'exp', 'tileset', 'plane', 'names',
    'cmap', 'lock', 'cdf', 'table', 'layer', 'step', 'pending', 'previews',
  ]);
  assert.equal(s.cmap, DEFAULT_COLORMAP);
  assert.deepEqual(s.table, lut(DEFAULT_COLORMAP));
  assert.equal(s.layer, 'measure');
  assert.ok(Object.isSealed(s));
  assert.throws(() => { s.typo = 1; }, TypeError); // modules are strict: an undeclared field throws
  s.step = 500; // declared fields change freely
  assert.equal(s.step, 500);
  assert.notEqual(createState().list, s.list); // a fresh state each time
});

test('the URL\'s view is the exact centre in pixels of its zoom, the colours, layer, step and pins', () => {
  const state = Object.assign(createState(), { id: 'tanh-quick@10', cmap: 'magma', lock: true, layer: 'lyapunov', step: 5 });
  const view = { z: 3, centre: { x: 300n * unitsPerPixel(3) + unitsPerPixel(4), y: 7n * unitsPerPixel(3) } };
  const pins = { items: [{ z: 3, px: '1', py: '2', run: { measure: 1 } }] };
  const url = createUrlState({ state, view, pins, written: () => {} });
  assert.deepEqual(url.currentView(), {
    e: 'tanh-quick@10', z: 3, x: '300.5', y: '7', cmap: 'magma', lock: true, layer: 'lyapunov', step: 5,
    pins: [{ z: 3, px: '1', py: '2' }],
  });
});

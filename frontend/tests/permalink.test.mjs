import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeView, encodeView, fitToExperiment, ignoredText } from '../js/core/permalink.js';
import { fromPixelString, toPixelString } from '../js/core/frame.js';

const view = {
  e: 'tanh-quick@20', z: 47, x: '12345678901234567.5', y: '98765432109876.25',
  cmap: 'Spectral', lock: true, pins: [{ z: 47, px: '12345678901234567', py: '98765432109876' }],
};

test('a view survives encode and decode with exact strings', () => {
  const q = encodeView(view);
  assert.match(q, /x=12345678901234567\.5/);
  assert.match(q, /pin=47\/12345678901234567\/98765432109876/);
  assert.match(q, /e=tanh-quick@20/);
  const { view: back, errors } = decodeView(q);
  assert.deepEqual(errors, []);
  assert.deepEqual(back, view);
});

test('layer and step are written only when not default', () => {
  assert.doesNotMatch(encodeView({ ...view, layer: 'measure' }), /layer=/);
  const { view: back } = decodeView(encodeView({ ...view, layer: 'lyapunov', step: 50 }));
  assert.equal(back.layer, 'lyapunov');
  assert.equal(back.step, 50);
});

test('invalid fields are reported and dropped', () => {
  const { view: v, errors } = decodeView('?e=<script>&z=5&x=1e3&y=2&pin=1/2&cmap=ok');
  assert.equal(v.e, undefined);
  assert.equal(v.x, undefined);
  assert.equal(v.z, undefined);
  assert.equal(v.cmap, 'ok');
  assert.equal(errors.length, 4);
  // the valid z and y are dropped with the bad x, and the note says so
  assert.ok(errors.includes('the view (z=5, x=1e3, y=2) needs valid z, x and y: showing the whole plane'));
});

test('a view given in part says that the whole plane is shown', () => {
  assert.deepEqual(decodeView('?e=tanh&z=3').errors,
    ['the view (z=3) needs valid z, x and y: showing the whole plane']);
  assert.deepEqual(decodeView('?e=tanh&z=3&x=1&y=2').errors, []);
});

test('an empty query gives an empty view', () => {
  assert.deepEqual(decodeView(''), { view: { pins: [] }, errors: [] });
});

const EXP = {
  id: 'tanh-quick', max_zoom: 48, layers: ['measure', 'lyapunov'], checkpoints: [6, 12, 19, 25, 100],
};
const OPTS = { colormaps: ['Spectral', 'gray'], stepLayers: ['measure'] };

test('a zoom beyond the maximum is clamped to it on the same centre, and said', () => {
  const px = 2n ** 55n + 12345n; // a pixel at zoom 48; the same place at zoom 99 is px * 2^51
  const x99 = ((2n * px + 1n) * 2n ** 50n).toString();
  const { view: v, errors } = decodeView(`?e=tanh-quick&z=99&x=${x99}&y=${x99}`);
  assert.deepEqual(errors, []);
  const { view, ignored, adjusted } = fitToExperiment(v, EXP, OPTS);
  assert.equal(view.z, 48);
  assert.equal(view.x, `${px}.5`);
  assert.equal(view.y, `${px}.5`);
  assert.deepEqual(ignored, []);
  assert.match(adjusted[0], /^z=99 → 48, the maximum zoom of tanh-quick/);
  assert.equal(fromPixelString(x99, 99), fromPixelString(`${px}.5`, 48)); // beyond zoom 64 too
  assert.equal(toPixelString(fromPixelString('3.25', 10), 10), '3.25');
});

test('unknown colormap, layer, step and bad pins are left out and listed in one toast', () => {
  const q = '?e=tanh-quick&z=2&x=500&y=600&cmap=nope&layer=zzz&step=7&pin=garbage&pin=2/5/5&pin=2/9999/1&pin=60/1/1';
  const { view: v, errors } = decodeView(q);
  const { view, ignored, adjusted } = fitToExperiment(v, EXP, OPTS);
  assert.deepEqual([view.cmap, view.layer, view.step], [undefined, undefined, undefined]);
  assert.deepEqual(view.pins, [{ z: 2, px: '5', py: '5' }]);
  assert.equal(view.z, 2);
  assert.deepEqual(adjusted, []);
  const text = ignoredText([...errors, ...ignored], adjusted);
  for (const want of ['pin=garbage', 'cmap=nope', 'layer=zzz', 'step=7', 'pin 2/9999/1 is outside the plane',
    'pin 60/1/1 is beyond the maximum zoom 48']) assert.ok(text.includes(want), `${want} in ${text}`);
  assert.ok(text.startsWith('Ignored: ') && !text.includes('Adjusted'));
});

test('valid fields pass; a step in a layer without steps is left out', () => {
  const v = { e: 'tanh-quick', z: 3, x: '1.5', y: '2.5', cmap: 'gray', layer: 'lyapunov', step: 12, pins: [] };
  const fit = fitToExperiment(v, EXP, OPTS);
  assert.equal(fit.view.layer, 'lyapunov');
  assert.equal(fit.view.cmap, 'gray');
  assert.equal(fit.view.step, undefined);
  assert.match(fit.ignored[0], /step=12: the lyapunov layer has no per-step tiles/);
  const ok = fitToExperiment({ ...v, layer: undefined }, EXP, OPTS);
  assert.deepEqual([ok.ignored, ok.adjusted, ok.view.step], [[], [], 12]);
  assert.equal(ignoredText([], []), '');
});

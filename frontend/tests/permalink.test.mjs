import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeView, encodeView } from '../js/permalink.js';

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
  assert.equal(errors.length, 3);
});

test('an empty query gives an empty view', () => {
  assert.deepEqual(decodeView(''), { view: { pins: [] }, errors: [] });
});

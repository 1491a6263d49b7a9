import test from 'node:test';
import assert from 'node:assert/strict';
import { bookmarkExperiment, bookmarkLabel, bookmarkView } from '../js/experiments/bookmarks.js';
import { log10X, log10Y, makePlane } from '../js/core/plane.js';
import { toNumber } from '../js/core/exact.js';

const AXES = { x: { log10: ['-3', '6'] }, y: { log10: ['-3', '6'] } };
const MINIBATCH = {
  title: 'Paper figure window', steps: 1000, experiment: 'tanh-minibatch@1000',
  x: ['0.267398835471957', '0.267398835475071'], y: ['174.269509700711', '174.269509702741'],
};

test('a bookmark opens the experiment the server names, steps included', () => {
  assert.equal(bookmarkExperiment(MINIBATCH, 'tanh-minibatch'), 'tanh-minibatch@1000');
  assert.equal(bookmarkExperiment({ ...MINIBATCH, experiment: undefined }, 'tanh'), 'tanh');
});

test('the bookmark view is centred on the window and shows all of it', () => {
  const w = 900;
  const h = 700;
  const { z, cx, cy } = bookmarkView(AXES, 48, MINIBATCH, w, h);
  const plane = makePlane({ x0: '-3', x1: '6', y0: '-3', y1: '6' });
  const [u0, u1] = MINIBATCH.x.map((s) => Math.log10(Number(s)));
  const [v0, v1] = MINIBATCH.y.map((s) => Math.log10(Number(s)));
  assert.ok(Math.abs(toNumber(log10X(plane, cx)) - (u0 + u1) / 2) < 1e-14);
  assert.ok(Math.abs(toNumber(log10Y(plane, cy)) - (v0 + v1) / 2) < 1e-14);
  const perPixel = 9 / (256 * 2 ** z); // decades per screen pixel at zoom z
  assert.ok(w * perPixel >= u1 - u0 && h * perPixel >= v1 - v0); // the window fits
  assert.ok(w * perPixel / 2 < u1 - u0 || h * perPixel / 2 < v1 - v0); // one zoom more would not
  assert.equal(bookmarkView(AXES, 20, MINIBATCH, w, h).z, 20); // capped at the maximum zoom
});

test('bookmark menu labels are short and name the preset', () => {
  const label = bookmarkLabel({ id: 'tanh', title: 'tanh, full batch' }, { title: 'Paper figure window' });
  assert.equal(label, 'tanh — fig. window');
  assert.equal(bookmarkLabel({ id: 'relu' }, { title: 'Edge of chaos' }), 'relu — Edge of chaos');
});

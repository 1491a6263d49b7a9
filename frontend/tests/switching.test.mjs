import test from 'node:test';
import assert from 'node:assert/strict';
import { samePlane, showSteps, stepsTarget } from '../js/experiments/switching.js';

const axes = (x, y, lx = ['-3', '6'], ly = ['-3', '6']) => ({
  axes: { x: { name: x, log10: lx }, y: { name: y, log10: ly } },
});

test('presets on the same axes and bounds share the plane; the offset plane does not', () => {
  assert.ok(samePlane(axes('eta1', 'eta2'), axes('eta1', 'eta2')));
  assert.ok(!samePlane(axes('eta1', 'eta2'), axes('offset', 'eta')));
  assert.ok(!samePlane(axes('eta1', 'eta2'), axes('eta1', 'eta2', ['-3', '5'])));
  assert.ok(!samePlane(axes('eta1', 'eta2'), axes('eta1', 'eta2', ['-3', '6'], ['-2', '6'])));
  assert.ok(!samePlane(null, axes('eta1', 'eta2')));
  assert.ok(!samePlane(axes('eta1', 'eta2'), undefined));
});

const LIST = [{ id: 'tanh-quick', steps: 100 }, { id: 'tanh', steps: 500 }];

test('steps: the preset\'s own count opens the preset itself, never preset@N', () => {
  assert.deepEqual(stepsTarget('tanh-quick@20', 20, 100, LIST), { id: 'tanh-quick' });
  assert.deepEqual(stepsTarget('tanh-quick', 100, 50, LIST), { id: 'tanh-quick@50' });
  assert.deepEqual(stepsTarget('tanh@50', 50, 500, LIST), { id: 'tanh' });
  assert.equal(stepsTarget('tanh-quick', 100, 100, LIST), null); // QA #11: no tanh-quick@100
  assert.equal(stepsTarget('tanh-quick@20', 20, 20, LIST), null);
  assert.deepEqual(stepsTarget('c0123456789abcdef0123', 20, 30, LIST), { custom: true });
  assert.equal(stepsTarget('c0123456789abcdef0123', 20, 20, LIST), null);
});

/** An <input> stand-in: value, dataset, and the document's focus. */
function box(focused) {
  const doc = { activeElement: null };
  const el = { value: '', dataset: {}, ownerDocument: doc };
  if (focused) doc.activeElement = el;
  return el;
}

test('the Steps box is not overwritten while the user types in it', () => {
  const b = box(true);
  b.value = '50'; // typed while the page loads
  showSteps(b, 100);
  assert.equal(b.value, '50');
  const idle = box(true); // focused but untouched: the page fills it
  showSteps(idle, 100);
  assert.equal(idle.value, '100');
  showSteps(idle, 20); // what the page put there is not typing (Back with the box focused)
  assert.equal(idle.value, '20');
  const away = box(false);
  away.value = '7';
  showSteps(away, 100);
  assert.equal(away.value, '100');
  showSteps(b, 100, true); // a refused value is put back whatever the focus
  assert.equal(b.value, '100');
});

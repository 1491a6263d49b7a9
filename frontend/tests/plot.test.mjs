import test from 'node:test';
import assert from 'node:assert/strict';
import {
  coinciding, dashes, drawAxesBox, drawChart, exitAbove, linearTicks, logTicks, lossLayout, scale,
  stepTicks, topLabel,
} from '../js/runs/plot.js';
import { recordingCanvas } from './recording.mjs';

test('linear ticks are 1, 2 or 5 times a power of ten apart and cover the range', () => {
  assert.deepEqual(linearTicks(-0.4, 8.4), [0, 2, 4, 6, 8]);
  assert.deepEqual(linearTicks(-1.05, 1.05), [-1, -0.5, 0, 0.5, 1]);
  const t = linearTicks(-0.0021, 0.0003);
  assert.ok(t.includes(0) && t.every((v) => v >= -0.0021 && v <= 0.0003), String(t));
});

test('scale maps and clamps', () => {
  const f = scale(0, 10, 100, 0);
  assert.equal(f(0), 100);
  assert.equal(f(5), 50);
  assert.equal(f(20), 0);
  assert.equal(f(-Infinity), 100);
});

test('log ticks: decades over a wide range, 1-2-5 steps over a narrow one', () => {
  assert.deepEqual(logTicks(-2.3, 5.7).map((t) => t.label), ['1e-2', '1e0', '1e2', '1e4']);
  const narrow = logTicks(Math.log10(0.3), Math.log10(3)).map((t) => t.label);
  assert.deepEqual(narrow, ['5e-1', '1e0', '2e0']);
  for (const t of logTicks(-0.52, 0.48)) assert.ok(t.v >= -0.52 && t.v <= 0.48);
});

test('step ticks are nice integers: 0 20 40 60 80 over 100 steps, 0 2 4 6 8 over 10', () => {
  const labels = (n) => stepTicks(n).map((t) => t.label).join(' ');
  assert.equal(labels(100), '0 20 40 60 80');
  assert.equal(labels(10), '0 2 4 6 8');
  assert.equal(labels(500), '0 100 200 300 400');
  assert.equal(labels(1000), '0 200 400 600 800');
  assert.equal(labels(2), '0 1');
  assert.equal(labels(3), '0 1 2');
  for (const n of [2, 7, 33, 250, 9999]) assert.ok(stepTicks(n).every((t) => Number.isInteger(t.v) && t.v <= n - 1));
});

test('a diverging curve: clipped at the top, labelled there, and where it leaves is marked', () => {
  const converged = { losses: [2, 1, 0.5, 0.2, 0.1] };
  const diverged = { losses: [2, 10, 1e4, 1e9, Infinity] };
  const lay = lossLayout([converged, diverged], 5);
  assert.ok(lay.hi < 9 && Math.abs(lay.hi - (Math.log10(2) + 6)) < 1e-12); // 1e6 × the first loss
  assert.equal(lay.top, '2.0e6');
  assert.equal(lay.yTicks.at(-1).label, '2.0e6');
  assert.equal(lay.yTicks.at(-1).v, lay.hi);
  assert.equal(lay.exits[0], null);
  const x = lay.exits[1]; // between step 2 (1e4) and step 3 (1e9), where log10 = 6.3
  assert.ok(x > 2 && x < 3 && Math.abs(x - (2 + (lay.hi - 4) / 5)) < 1e-12, String(x));
  assert.equal(lossLayout([converged], 5).top, null); // nothing leaves: no extra label
  assert.equal(exitAbove([1, Infinity], 3), 1);
  assert.equal(exitAbove([5, 1], 3), 0);
  assert.equal(topLabel(5.8), '6.3e5');
});

test('the step mark: on the axis of the experiment\'s steps while no run is pinned', () => {
  const empty = lossLayout([], 100, 25);
  assert.equal(empty.n, 100); // the axis is 0..99, not 0..1
  assert.equal(empty.mark, 25);
  assert.equal(empty.xTicks.at(-1).label, '80');
  assert.equal(lossLayout([], 10, 25).mark, null); // beyond the axis: no mark at its edge
  assert.equal(lossLayout([{ losses: [1, 2, 3] }], 100, 2).n, 3); // a run sets the axis
});

test('the step mark sits on the axis label of its step: x = t is the loss after t updates', () => {
  globalThis.window = globalThis.window || {};
  const losses = Array.from({ length: 100 }, (_, t) => 1 / (t + 1));
  for (const T of [20, 40, 80]) {
    const { calls, canvas } = recordingCanvas();
    drawChart(canvas, [{ losses, colour: '#123456' }], 100, T);
    const label = calls.find(([name, text]) => name === 'fillText' && text === String(T));
    const dash = calls.findIndex(([name, d]) => name === 'setLineDash' && d.length === 2);
    const dashed = calls.slice(dash).find(([name]) => name === 'moveTo'); // the mark's line
    assert.ok(label && dashed, `step ${T}: label ${label}, mark ${dashed}`);
    assert.ok(Math.abs(dashed[1] - label[2]) < 1e-9, `step ${T}: mark at ${dashed[1]}, label at ${label[2]}`);
    assert.equal(canvas.dataset.mark, label[2].toFixed(1));
  }
  assert.equal(lossLayout([{ losses }], 100, 99).mark, 99); // the last loss: after 99 updates
  assert.equal(lossLayout([{ losses }], 100, 100).mark, null); // all steps: after the last loss
});

test('an axis box can name its y axis, written upwards along the left edge', () => {
  const { calls, canvas } = recordingCanvas();
  const box = { ctx: canvas.getContext('2d'), pw: 200, ph: 100 };
  const id = (v) => v;
  drawAxesBox(box, id, id, { xTicks: [], yTicks: [], xLabel: 'x', yLabel: 'boxes' });
  const at = calls.findIndex(([name, text]) => name === 'fillText' && text === 'boxes');
  assert.ok(at > 0, JSON.stringify(calls));
  assert.ok(calls.slice(0, at).some(([name, angle]) => name === 'rotate' && angle === -Math.PI / 2));
  const plain = recordingCanvas();
  drawAxesBox({ ...box, ctx: plain.canvas.getContext('2d') }, id, id, { xTicks: [], yTicks: [], xLabel: 'x' });
  assert.ok(!plain.calls.some(([name]) => name === 'rotate'));
});

test('curves that coincide within the line width are found, each against the first it hides under', () => {
  const base = Array.from({ length: 100 }, (_, t) => 2 * 0.97 ** t);
  const near = base.map((v) => v * (1 + 1e-9)); // the z30 pins of QA #12: η differ by 1e-9
  const other = base.map((v, t) => v * (1 + t / 50)); // leaves by far more than a line width
  const lay = lossLayout([{ losses: base }, { losses: other }, { losses: near }, { losses: [...near] }], 100);
  assert.deepEqual(lay.same, [null, null, 0, 0]);
  assert.deepEqual(lossLayout([{ losses: base }, { losses: other }], 100).same, [null, null]);
  // shorter or longer runs never hide each other; diverged tails above the top count as equal
  assert.deepEqual(lossLayout([{ losses: base }, { losses: base.slice(0, 50) }], 100).same, [null, null]);
  const up = [1, 10, 1e8, Infinity, null];
  const up2 = [1, 10, 1e9, 1e12, NaN];
  assert.deepEqual(lossLayout([{ losses: up }, { losses: up2 }], 5).same, [null, 0]);
  // a hundredth of the range apart at one step is still one line; five hundredths is not
  const lo = lossLayout([{ losses: base }], 100);
  const bump = (f) => base.map((v, t) => (t === 40 ? v * 10 ** (f * (lo.hi - lo.lo)) : v));
  assert.deepEqual(coinciding([{ losses: base }, { losses: bump(0.009) }], lo.lo, lo.hi), [null, 0]);
  assert.deepEqual(coinciding([{ losses: base }, { losses: bump(0.05) }], lo.lo, lo.hi), [null, null]);
});

test('curves over an earlier one are dashed so that every colour of the group shows in turn', () => {
  assert.deepEqual(dashes([null, null]), [{ dash: [], offset: 0 }, { dash: [], offset: 0 }]);
  const d = dashes([null, 0, null, 0]);
  assert.deepEqual(d[1], { dash: [5, 10], offset: -5 });
  assert.deepEqual(d[3], { dash: [5, 10], offset: -10 });
  assert.deepEqual(d[2], { dash: [], offset: 0 });
  assert.deepEqual(dashes([null, 0])[1], { dash: [5, 5], offset: -5 });
  const losses = Array.from({ length: 20 }, (_, t) => 1 / (t + 1));
  const { calls, canvas } = recordingCanvas();
  drawChart(canvas, [{ losses, colour: '#111111' }, { losses: [...losses], colour: '#e6862a' }], 20);
  assert.equal(canvas.dataset.same, ',0');
  const dashed = calls.filter(([name, v]) => name === 'setLineDash' && v.length === 2);
  assert.deepEqual(dashed.map(([, v]) => v), [[5, 5]]); // the second curve only (no step mark)
});

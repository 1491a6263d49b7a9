import test from 'node:test';
import assert from 'node:assert/strict';
import { drawDimension } from '../js/analysis/dimplot.js';
import { recordingCanvas } from './recording.mjs';

test('the dimension plot names both axes: N(s) boundary boxes up, box size s across', () => {
  globalThis.window = globalThis.window || {};
  const { calls, canvas } = recordingCanvas(320, 150);
  const r = { sizes: [2, 4, 8, 16], counts: [300, 140, 60, 25], dimension: 1.2, fit: { intercept: 6.5, range: [2, 16] } };
  assert.equal(drawDimension(canvas, r), 4);
  const texts = calls.filter(([name]) => name === 'fillText').map(([, text]) => text);
  assert.ok(texts.includes('box size s (px), log scale'), texts.join(' | '));
  const y = calls.findIndex(([name, text]) => name === 'fillText' && text === 'boundary boxes N(s)');
  assert.ok(y > 0, texts.join(' | '));
  assert.ok(calls.slice(0, y).some(([name, angle]) => name === 'rotate' && angle === -Math.PI / 2));
});

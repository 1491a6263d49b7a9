import test from 'node:test';
import assert from 'node:assert/strict';
import { configText, readConfig } from '../js/ui/controls.js';

const FORM = [['activation', 'tanh'], ['width', '8'], ['depth', '2'], ['dataset', 'params'],
  ['batch', ''], ['steps', '100'], ['plane', 'lr_vs_lr'], ['offset_mode', 'every_step'],
  ['x0', '-3'], ['x1', '6'], ['y0', '-3'], ['y1', '6']];

test('the custom form reads as a config; an empty batch means full batch', () => {
  const cfg = readConfig(FORM);
  assert.equal(cfg.steps, 100);
  assert.equal(cfg.width, 8);
  assert.equal(cfg.x0, '-3'); // decimal strings stay exact
  assert.ok(!('batch' in cfg));
  assert.equal(readConfig(FORM.map(([k, v]) => [k, k === 'batch' ? ' 16 ' : v])).batch, 16);
});

test('an empty required field is an error naming it, never the server default', () => {
  const blank = (name) => FORM.map(([k, v]) => [k, k === name ? '  ' : v]);
  assert.throws(() => readConfig(blank('steps')), /^Error: steps: required \(a positive integer\)$/);
  assert.throws(() => readConfig(blank('x1')), /^Error: x1: required$/);
});

test('the panel describes the config in words', () => {
  const cfg = { activation: 'relu', width: 4, depth: 2, dataset: 'params', batch: null, steps: 50,
    plane: 'lr_vs_lr', offset_mode: 'every_step', seed: 0, batch_seed: 42 };
  assert.equal(configText(cfg),
    'relu net, width 4, depth 2 · data: N = parameter count · full batch · 50 steps · seed 0');
  const mb = configText({ ...cfg, batch: 16, plane: 'offset_vs_lr', offset_mode: 'once', dataset: 'single' });
  assert.equal(mb, 'relu net, width 4, depth 2 · data: one point · minibatch 16 · 50 steps'
    + ' · offset applied once · seed 0, batch seed 42');
  assert.equal(configText(null), '');
});

// The Experiment menu and the Steps box: which experiment a choice opens and with which view,
// the CPU cost question before a much dearer preset or many more steps (cost.js; the dialog:
// ui/costdialog.js), and a Steps box the page never overwrites while the user is typing in it.

import { createExperiment } from '../core/api.js';
import { affordable } from '../ui/costdialog.js';
import { fillPicker, presetOf } from '../ui/controls.js';
import { menuQuestion, stepsQuestion, tilesInView } from './cost.js';

/** Whether experiments `a` and `b` (GET /api/experiments entries) share the plane: the same
 * axes over the same log10 bounds, so that a view of one is the same place in the other (pure). */
export function samePlane(a, b) {
  const axis = (e, k) => [e.axes[k].name, ...e.axes[k].log10].join(' ');
  return Boolean(a && b) && ['x', 'y'].every((k) => axis(a, k) === axis(b, k));
}

/**
 * What the Steps box opens for `steps` from experiment `id` of `currentSteps` steps, given the
 * presets `list` (pure): null when that is `id` itself; {id} of the preset itself when `steps`
 * are the preset's own (`tanh-quick`, never `tanh-quick@100`), else `preset@steps`; {custom:
 * true} for an experiment that is no preset's (the server names it: POST).
 */
export function stepsTarget(id, currentSteps, steps, list) {
  if (steps === currentSteps) return null;
  const preset = list.find((p) => p.id === presetOf(id));
  if (!preset) return { custom: true };
  return { id: steps === preset.steps ? preset.id : `${preset.id}@${steps}` };
}

/** Show `steps` in the Steps box unless the user is typing there (focused, and holding a value
 * the page did not put there); `force`: show it anyway. */
export function showSteps(box, steps, force = false) {
  const typing = box.ownerDocument.activeElement === box && box.value !== (box.dataset.shown ?? '');
  if (force || !typing) box.value = String(steps);
  box.dataset.shown = String(steps);
}

/**
 * Wire the Experiment menu and the Steps box. `page`: {$, state, view, openExperiment(id, v,
 * push), currentView(), fitView(maxZoom), flash(text), ready() (a promise: the first load)}.
 */
export function wireSwitching(page) {
  const { $, state } = page;
  $('experiment').addEventListener('change', (e) => chooseExperiment(page, e.target.value));
  $('steps').addEventListener('change', async (e) => {
    if (!state.exp) await page.ready(); // typed while the page was loading: applies once loaded
    if (state.exp) changeSteps(page, e.target);
  });
}

/**
 * The Experiment menu: the same view when the preset shares the plane (else the whole plane),
 * the colormap, lock, layer and step kept where they apply, pins dropped (they were runs of the
 * other experiment). A much dearer preset on a CPU server asks first; cancelling keeps all.
 */
async function chooseExperiment({ $, state, view, openExperiment, currentView, fitView }, id) {
  const target = state.list.find((e) => e.id === id);
  const keep = Boolean(state.exp) && samePlane(state.exp, target);
  const question = menuQuestion(target, state.list, state.defaultId, () => {
    const s = view.map.getSize();
    const at = keep ? { z: view.z, x: view.centre.x, y: view.centre.y } : fitView(target.max_zoom);
    return tilesInView(at.z, at.x, at.y, s.x, s.y);
  });
  if (question && !(await affordable($, question))) {
    fillPicker($('experiment'), state.list, state.id); // the menu names what the map shows
    return;
  }
  if (!state.exp) { await openExperiment(id, { pins: [] }, false); return; } // from a failed first load
  const v = { ...currentView(), pins: [] };
  if (!keep) { delete v.z; delete v.x; delete v.y; } // another plane: the whole of it
  await openExperiment(id, v, true);
}

/** The Steps box: a whole number within the server's limit, opening the same experiment with
 * that many steps (the same view); the experiment's own steps open nothing. More steps that make
 * a tile much dearer than the default preset's ask first on a CPU server, as the menu does. */
async function changeSteps({ $, state, view, openExperiment, currentView, flash }, box) {
  const steps = Number(box.value.trim() || NaN);
  const max = state.exp.cost.max_steps;
  if (!Number.isInteger(steps) || steps < 1 || steps > max) {
    flash(`Steps must be a whole number from 1 to ${max}; kept ${state.exp.steps}.`);
    showSteps(box, state.exp.steps, true);
    return;
  }
  const target = stepsTarget(state.id, state.exp.steps, steps, state.list);
  if (!target) { showSteps(box, steps, true); return; }
  const question = stepsQuestion(state.exp, state.id, steps, state.list, state.defaultId, () => {
    const s = view.map.getSize();
    return tilesInView(view.z, view.centre.x, view.centre.y, s.x, s.y);
  });
  if (question && !(await affordable($, question))) { showSteps(box, state.exp.steps, true); return; }
  let { id } = target;
  if (target.custom) {
    try {
      id = (await createExperiment({ ...state.exp.config, steps })).id;
    } catch (err) { flash(`Could not change the steps: ${err.message}`); showSteps(box, state.exp.steps, true); return; }
  }
  openExperiment(id, { ...currentView(), pins: [] }, true);
}

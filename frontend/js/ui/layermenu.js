// The layer menu (measure / lyapunov, from the tileset) and the training-step slider over the
// experiment's checkpoints: their controls, what changing them re-requests (tiles, pinned runs),
// the note on a CPU server that a layer is dearer, and the legend's wording per layer and colormap.

import { COLORMAP_LOOK } from '../colour/colour.js';
import { layerCostNote } from '../experiments/cost.js';
import { onCpu } from './costdialog.js';

/** Per layer: the legend's left and right labels, and what the ramp's ends stand for. */
export const LEGENDS = {
  measure: ['diverged', 'converged', 'slowest runs, at the boundary'],
  lyapunov: ['chaotic (λ > 0)', 'contracting (λ < 0)', 'largest |λ|'],
};

/**
 * The legend's note for `layer` under colormap `cmap` (pure). The ranks put both signs' extremes
 * at the ramp's ends: with a diverging map those are its dark ends, with a sequential one (gray,
 * viridis, magma) the two ends differ, so the note names them.
 */
export function legendNote(layer, cmap) {
  const [left, right, ends] = LEGENDS[layer] || [`${layer} > 0`, `${layer} < 0`, `largest |${layer}|`];
  const look = COLORMAP_LOOK[cmap] || { diverging: true };
  const pre = layer === 'lyapunov' ? 'finite-time Lyapunov exponent of training; ' : '';
  const fast = layer === 'measure' ? ' · pale middle: fastest' : '';
  if (look.diverging) return `${pre}dark ends: ${ends}${fast}`;
  const what = `${look.left}: ${left.split(' (')[0]}, ${look.right}: ${right.split(' (')[0]}`;
  const middle = layer === 'measure' ? ` · ${look.middle}: fastest` : '';
  return `${pre}both ends: ${ends} (${what})${middle}`;
}

/** The legend's labels and note for the current layer and colormap. */
export function setLegend(state, $) {
  const [left, right] = LEGENDS[state.layer] || [`${state.layer} > 0`, `${state.layer} < 0`];
  $('legend-left').textContent = left;
  $('legend-right').textContent = right;
  $('legend-note').textContent = legendNote(state.layer, state.cmap);
}

/** The tileset's description of the current layer ({id, description, steps}). */
export function layerInfo(state) {
  const list = (state.tileset && state.tileset.layers) || [];
  return list.find((l) => l.id === state.layer) || { id: state.layer, description: '', steps: state.layer === 'measure' };
}

/**
 * Why the tileset's layer `id` cannot be shown for its experiment (the server's one-line
 * `reason`), or null when it can (or the tileset does not say).
 */
export function layerRefusal(tileset, id) {
  const l = ((tileset && tileset.layers) || []).find((x) => x.id === id);
  if (!l || l.available !== false) return null;
  return l.reason || `The ${id} layer cannot be shown for this experiment.`;
}

/**
 * The layer menu's entries (pure): every layer of the tileset, those the server cannot serve for
 * this experiment disabled, labelled so, with the server's reason as their tooltip. They stay in
 * the menu (rather than vanishing) so that the reason and what to change can be read there.
 */
export function layerOptions(tileset, current) {
  const layers = (tileset && tileset.layers) || [{ id: 'measure', description: '' }];
  return layers.map((l) => {
    const why = layerRefusal(tileset, l.id);
    return {
      value: l.id,
      text: why ? `${l.id} (unavailable)` : l.id,
      title: why || l.description || '',
      disabled: Boolean(why),
      selected: l.id === current,
    };
  });
}

/** Fill the layer menu, legend and step slider for the current experiment and layer. */
export function setupLayers(state, $) {
  const options = layerOptions(state.tileset, state.layer);
  $('layer-field').hidden = options.length < 2;
  const sel = $('layer');
  sel.innerHTML = '';
  for (const o of options) {
    const el = new Option(o.text, o.value, false, o.selected);
    el.title = o.title;
    el.disabled = o.disabled;
    sel.append(el);
  }
  // a disabled option's tooltip does not show in every browser's open menu: the menu says it too
  sel.title = options.filter((o) => o.disabled).map((o) => o.title).join(' ');
  setLegend(state, $);
  const cps = state.exp.checkpoints || [];
  $('step-field').hidden = cps.length < 2;
  $('step').disabled = !layerInfo(state).steps;
  const slider = $('step');
  slider.max = String(Math.max(0, cps.length - 1));
  const i = state.step ? cps.indexOf(state.step) : cps.length - 1;
  slider.value = String(i);
  $('step-out').textContent = state.step ? String(state.step) : 'all';
}

/**
 * Wire the layer menu and the step slider. `page`: {$, state, pins, refetch() (every pinned run
 * again), tiles, snapshot, changed() (the URL follows), flash(text)}.
 */
export function wireLayerMenu({ $, state, pins, refetch, tiles, snapshot, changed, flash }) {
  /** Tiles of other values: requested again, coloured by a new CDF. */
  const retile = () => {
    snapshot.clear(); // other values: the old imagery is not what is coming
    state.cdf = null;
    tiles.redraw();
    changed();
  };
  $('layer').addEventListener('change', (e) => {
    state.layer = e.target.value;
    if (!layerInfo(state).steps) state.step = null;
    setupLayers(state, $);
    retile();
    refetch();
    const note = layerCostNote(layerInfo(state), state.exp, state.list.find((x) => x.id === state.defaultId));
    if (note) onCpu().then((cpu) => { if (cpu) flash(note); });
  });
  $('step').addEventListener('input', (e) => {
    const cps = state.exp.checkpoints || [];
    const i = Number(e.target.value);
    state.step = i >= cps.length - 1 ? null : cps[i];
    $('step-out').textContent = state.step ? String(state.step) : 'all';
    pins.marker = state.step;
    pins.render();
    retile();
  });
}

// The layer switch (measure / lyapunov, from the tileset) and the training-step slider over the
// experiment's checkpoints: their controls and the legend's wording per layer.

export const LEGENDS = {
  measure: ['diverged', 'converged', 'dark ends: slowest runs, at the boundary · pale middle: fastest'],
  lyapunov: ['chaotic (λ > 0)', 'contracting (λ < 0)', 'finite-time Lyapunov exponent of training; dark ends: largest |λ|'],
};

/** The tileset's description of the current layer ({id, description, steps}). */
export function layerInfo(state) {
  const list = (state.tileset && state.tileset.layers) || [];
  return list.find((l) => l.id === state.layer) || { id: state.layer, description: '', steps: state.layer === 'measure' };
}

/** Fill the layer menu, legend and step slider for the current experiment and layer. */
export function setupLayers(state, $) {
  const layers = (state.tileset && state.tileset.layers) || [{ id: 'measure', description: '' }];
  $('layer-field').hidden = layers.length < 2;
  const sel = $('layer');
  sel.innerHTML = '';
  for (const l of layers) {
    const o = new Option(l.id, l.id, false, l.id === state.layer);
    o.title = l.description || '';
    sel.append(o);
  }
  const [left, right, note] = LEGENDS[state.layer] || [`${state.layer} > 0`, `${state.layer} < 0`, ''];
  $('legend-left').textContent = left;
  $('legend-right').textContent = right;
  $('legend-note').textContent = note;
  const cps = state.exp.checkpoints || [];
  $('step-field').hidden = cps.length < 2;
  $('step').disabled = !layerInfo(state).steps;
  const slider = $('step');
  slider.max = String(Math.max(0, cps.length - 1));
  const i = state.step ? cps.indexOf(state.step) : cps.length - 1;
  slider.value = String(i);
  $('step-out').textContent = state.step ? String(state.step) : 'all';
}

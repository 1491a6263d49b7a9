// What the header controls and the panel say about the experiment open: its title, description,
// axes, config, the menu and Steps naming it; or, while none is open (an unknown id on first
// load), the menu's placeholder, the controls that need one off and its sections hidden.

import { gradientCss } from '../colour/colour.js';
import { configText, fillPicker } from '../ui/controls.js';
import { setupLayers } from '../ui/layermenu.js';
import { showSteps } from './switching.js';

const SHORT = { eta1: 'η₁', eta2: 'η₂', eta: 'η', offset: 'offset' };

/** The axes' names for labels and the readout: {x, y, xShort, yShort} (pure). */
export const axisNames = (ax) => ({
  x: ax.x.label, y: ax.y.label, xShort: SHORT[ax.x.name] || ax.x.name, yShort: SHORT[ax.y.name] || ax.y.name,
});

/** Controls that act on an open experiment are off, and the map's legend and zoom buttons and
 * the panel's runs, dimension and render sections hidden, while none is open. */
function showControls($, on) {
  document.body.classList.toggle('no-experiment', !on);
  for (const id of ['steps', 'lock', 'share', 'save-png', 'colormap']) $(id).disabled = !on;
}

/** Describe `state.exp` (id `state.id`) in the header and the panel. */
export function showExperiment(state, $) {
  const { exp } = state;
  $('title').textContent = exp.title;
  $('description').textContent = exp.description;
  $('axes-info').textContent = `x: ${exp.axes.x.label}, y: ${exp.axes.y.label} (log scale). ${exp.steps} training steps per pixel.`;
  $('config').textContent = configText(exp.config);
  showSteps($('steps'), exp.steps);
  fillPicker($('experiment'), state.list, state.id);
  showControls($, true);
  $('colormap').value = state.cmap;
  $('lock').checked = state.lock;
  $('ramp').style.background = gradientCss(state.cmap);
  document.title = `trainscape — ${exp.title}`;
  setupLayers(state, $);
}

/** No experiment could be opened: the menu offers the presets (`state.list`), nothing chosen. */
export function showNoExperiment(state, $) {
  fillPicker($('experiment'), state.list, null);
  showSteps($('steps'), '', true);
  showControls($, false);
  $('title').textContent = 'No experiment open';
  $('description').textContent = 'Pick one from the Experiment menu, a figure window from Go to, or make one with the Custom… button.';
  for (const id of ['axes-info', 'config']) $(id).textContent = '';
  document.title = 'trainscape';
}

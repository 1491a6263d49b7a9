// Opening an experiment: fetch it and its tileset, apply what of a view (a permalink, a jump, a
// menu choice) fits it, describe it and show the view; say in one toast what a link had that did
// not apply, or why it could not be opened. And the page's start: the presets, then the URL's view.

import * as api from '../core/api.js';
import { COLORMAPS, lut } from '../colour/colour.js';
import { fromPixelString, unitsPerPixel } from '../core/frame.js';
import { fitToExperiment, ignoredText } from '../core/permalink.js';
import { makePlane } from '../core/plane.js';
import { fillBookmarks, fillPicker } from '../ui/controls.js';
import { onCpu } from '../ui/costdialog.js';
import { layerRefusal } from '../ui/layermenu.js';
import { axisNames, showExperiment, showNoExperiment } from './shown.js';
import { showSteps } from './switching.js';

/** The preset opened when the server names no default. */
const FALLBACK_DEFAULT = 'tanh-quick';

/** Default view of `page`'s map: the whole plane, as large as fits (at most zoom `maxZoom`). */
function fitView({ view }, maxZoom) {
  const s = view.map.getSize();
  const z = Math.max(0, Math.min(maxZoom, Math.floor(Math.log2(Math.min(s.x, s.y) / 256))));
  const c = 128n * unitsPerPixel(0);
  return { z, x: c, y: c };
}

/** Experiment `id` could not be opened (`err`): say why, keeping what the map shows. */
function failed({ $, state, flash, message }, err, id, bad) {
  const text = err.status === 404 ? `Unknown experiment "${id}". Pick one from the menu above.`
    : err.status ? `Could not open "${id}": ${err.message}` : `Could not open "${id}": the server is unreachable.`;
  if (state.exp) { // the map still shows the current experiment: say it briefly, keep the controls naming it
    flash(text);
    fillPicker($('experiment'), state.list, state.id);
    showSteps($('steps'), state.exp.steps, true);
  } else {
    showNoExperiment(state, $);
    if (err.status) message(text); // unreachable: the status alert says so and retries
  }
  if (bad && bad.length) flash(ignoredText(bad));
}

/** What of view `v` applies to `exp` with tileset `tileset` (a layer it refuses is added to
 * `bad`): {fit (permalink.js fitToExperiment), bad}. */
function fitted(tileset, exp, v, bad) {
  const stepLayers = ((tileset && tileset.layers) || [{ id: 'measure', steps: true }])
    .filter((l) => l.steps).map((l) => l.id);
  const refused = v.layer ? layerRefusal(tileset, v.layer) : null;
  if (refused) { bad = [...(bad || []), `layer=${v.layer}: ${refused}`]; v = { ...v, layer: undefined }; }
  return { fit: fitToExperiment(v, exp, { colormaps: Object.keys(COLORMAPS), stepLayers }), bad };
}

/** The state, the pins' chart and the map for `exp` shown at view `v` (already fitted). */
function show(page, exp, v) {
  const { $, state, view, pins } = page;
  const ax = exp.axes;
  state.plane = makePlane({ x0: ax.x.log10[0], x1: ax.x.log10[1], y0: ax.y.log10[0], y1: ax.y.log10[1] });
  state.names = axisNames(ax);
  if (v.cmap) state.cmap = v.cmap;
  state.lock = Boolean(v.lock);
  state.layer = v.layer || 'measure';
  state.step = v.step || null;
  state.table = lut(state.cmap);
  pins.marker = state.step;
  pins.steps = exp.steps;
  showExperiment(state, $);
  view.maxzoom = exp.max_zoom;
  pins.clear();
  page.dim.reset();
  const whole = () => { const f = fitView(page, exp.max_zoom); view.setView(f.z, f.x, f.y, true); };
  if (v.z !== undefined) {
    try {
      view.setView(v.z, fromPixelString(v.x, v.z), fromPixelString(v.y, v.z), true);
    } catch { whole(); }
  } else {
    whole();
  }
  for (const p of v.pins) page.pinAt(p, false);
}

/**
 * Open experiment `id` at view `v` (a decoded permalink, or a jump). What of `v` does not apply
 * to the experiment is left out or clamped (permalink.js fitToExperiment); with `bad` (the
 * permalink's invalid fields) everything ignored or adjusted is said in one toast. `push`: a
 * new history entry. True once open, false if it could not be.
 */
async function open(page, id, v = { pins: [] }, push = false, bad = null) {
  const { state } = page;
  let exp;
  try {
    [exp, state.tileset] = await Promise.all([api.getExperiment(id), api.getTileset(id)]);
  } catch (err) {
    failed(page, err, id, bad);
    return false;
  }
  page.message('');
  Object.assign(state, { id, exp, cdf: null });
  const { fit, bad: ignored } = fitted(state.tileset, exp, v, bad);
  show(page, exp, fit.view);
  if (ignored) {
    const text = ignoredText([...ignored, ...fit.ignored], fit.adjusted);
    if (text) page.flash(text);
  }
  page.url.write(push);
  return true;
}

/** Open the URL's view (its experiment, else the default preset). */
async function fromUrl(page) {
  const { view: v, errors } = page.url.read();
  const id = v.e || page.state.defaultId;
  await open(page, id, v, false, errors);
}

/** Load the presets, then the URL's view. Unreachable: the status calls it again later. */
async function start(page) {
  const { $, state } = page;
  try {
    const list = await api.listExperiments();
    state.list = list.experiments;
    state.defaultId = list.default || FALLBACK_DEFAULT;
  } catch (err) {
    if (err.status) page.message(`${err.message} Is \`trainscape serve\` running?`);
    return; // unreachable: the status probes the server and calls start() again when it answers
  }
  fillBookmarks($('bookmarks'), state.list);
  onCpu(); // asked now, while the browser's connections are free; the cost questions use it
  await fromUrl(page);
  $('map').focus();
}

/**
 * The page's opening of experiments. `page`: {$, state, view, pins, pinAt(p, write), dim, url,
 * flash(text), message(text)}. Returns {open(id, v, push, bad), fromUrl(), start(),
 * fitView(maxZoom = the open experiment's)}.
 */
export function createOpener(page) {
  return {
    open: (id, v, push, bad) => open(page, id, v, push, bad),
    fromUrl: () => fromUrl(page),
    start: () => start(page),
    fitView: (maxZoom = page.state.exp.max_zoom) => fitView(page, maxZoom),
  };
}

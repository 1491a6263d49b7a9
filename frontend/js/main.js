// Wires the explorer: URL state <-> map view, tiles <-> colours, clicks <-> runs, the dimension
// panel, the export, the controls, and the snapshot that bridges a re-anchor of the frame.

import * as api from './core/api.js';
import { depthText, drawAxes, readout } from './map/axes.js';
import { DEFAULT_COLORMAP, COLORMAPS, buildCdf, colourSteps, colourTile, gradientCss, lut } from './colour/colour.js';
import { fillBookmarks, fillColormaps, fillPicker, wireCustomForm } from './ui/controls.js';
import { viewWindow } from './analysis/dimension.js';
import { DimensionPanel } from './analysis/dimpanel.js';
import { wireExport } from './export/export.js';
import { fromPixelString, planeLocalBounds, toPixelString, unitsPerPixel } from './core/frame.js';
import { bookmarkJump } from './experiments/jump.js';
import { layerCostNote } from './experiments/cost.js';
import { onCpu } from './ui/costdialog.js';
import { decodeView, encodeView, fitToExperiment, ignoredText } from './core/permalink.js';
import { layerInfo, layerRefusal, setLegend, setupLayers } from './ui/layermenu.js';
import { axisNames, showExperiment, showNoExperiment } from './experiments/shown.js';
import { makePlane } from './core/plane.js';
import { wireRuns } from './runs/runs.js';
import { Snapshot, viewShown } from './map/snapshot.js';
import { showSteps, wireSwitching } from './experiments/switching.js';
import { ServerStatus } from './ui/status.js';
import { createTileLayer, paint } from './map/tilelayer.js';
import { stitchView } from './map/tilestitch.js';
import { MapView } from './map/view.js';

const L = window.L;
const $ = (id) => document.getElementById(id);
const state = {
  list: [], id: null, exp: null, plane: null, names: null,
  cmap: DEFAULT_COLORMAP, lock: false, cdf: null, table: lut(DEFAULT_COLORMAP),
  layer: 'measure', step: null, pending: 0, previews: 0,
};

let toastTimer = null;
function flash(text) {
  const el = $('toast');
  el.hidden = false;
  el.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

const status = new ServerStatus({ badge: $('pending'), alert: $('message') }, {
  getHealth: api.getHealth, records: () => tiles.records, onBack: () => { if (!state.list.length) start(); else if (!state.exp) fromUrl(); },
});
api.watchConnection({ ok: () => status.reachable(), lost: () => status.unreachable() });
const message = (text) => status.alert(text);

// ---- map, tiles, colours -----------------------------------------------------------------
const view = new MapView(L, $('map'), {
  onMove: () => drawFrame(),
  onMoveEnd: () => {
    drawFrame(); scheduleRecolour(); writeUrl(false); dim.stale(); snapshot.check();
  },
  onClick: () => {}, // set by wireRuns
  onPointer: (pos, z) => { $('readout').textContent = pos && state.plane ? readout(state.plane, state.names, pos, z) : ''; },
  beforeReanchor: ({ keep }) => {
    // the same pixels come back in the new frame: keep showing them until the new tiles arrive
    const el = tiles.getContainer(); // none before the first frame
    if (keep && el) snapshot.take(el, view.window()); else snapshot.clear();
    tiles.remove();
  },
  onReanchor: () => reanchored(),
});
const snapshot = new Snapshot(L, view.map,
  () => viewShown(tiles.records, view.anchor, view.local, view.map.getPixelBounds()));

const tiles = createTileLayer(L, {
  anchor: () => view.anchor,
  url: (g) => api.tileUrl(state.id, g.z, g.x, g.y, { layer: state.layer === 'measure' ? null : state.layer, step: state.step }),
  onData: (rec) => { if (state.cdf) paint(rec, colourer()); scheduleRecolour(); },
  onPending: (n, previews, offline) => {
    state.pending = n; state.previews = previews; status.tiles(n, previews, offline); snapshot.check();
  },
  onError: (text) => flash(`tile error: ${text}`),
});

const { pins, pinAt, refetch } = wireRuns({ L, view, state, $, changed: () => writeUrl(false), hint: flash });

const dim = new DimensionPanel(
  { button: $('dim-go'), tilesButton: $('dim-tiles'), status: $('dim-status'), result: $('dim-result'), error: $('dim-error'), plot: $('dim-plot'), note: $('dim-note') },
  {
    experiment: () => state.exp
      && { id: state.id, steps: state.exp.steps, maxSize: state.exp.cost.dimension_max_size },
    window: () => { const s = view.map.getSize(); return viewWindow(state.plane, view.centre, view.z, s.x, s.y); },
    loaded: () => ({
      layer: state.layer, step: state.step, ...stitchView(tiles.records, view.anchor, view.local, view.map.getPixelBounds()),
    }),
  },
);

const exporter = wireExport({ $, state, view, tiles, flash });
function reanchored() {
  const b = planeLocalBounds(view.anchor);
  tiles.options.bounds = L.latLngBounds([b[0][1], b[0][0]], [b[1][1], b[1][0]]);
  tiles.addTo(view.map); // tiles are requested once, in the new frame
  snapshot.show((pos) => view.latLngOf(pos)); // the old frame's imagery, until they arrive
  pins.relocate();
  drawFrame();
}

const colourer = () => (data, out) => colourTile(data, state.cdf, state.table, out);

/** Tiles at the current zoom that intersect the view. */
function visibleRecords() {
  const pb = view.map.getPixelBounds();
  return tiles.withData(view.local).filter((r) => {
    const x = r.coords.x * 256;
    const y = r.coords.y * 256;
    return x < pb.max.x && x + 256 > pb.min.x && y < pb.max.y && y + 256 > pb.min.y;
  });
}

let recolourQueued = false;
function scheduleRecolour() {
  if (recolourQueued) return;
  recolourQueued = true;
  requestAnimationFrame(() => {
    recolourQueued = false;
    const vis = visibleRecords();
    if (!state.lock || !state.cdf) {
      if (!vis.length) return;
      state.cdf = colourSteps(buildCdf(vis.map((r) => r.data), 16384));
    }
    const f = colourer();
    for (const r of tiles.withData()) paint(r, f);
    $('map').dataset.coloured = String(vis.length);
    snapshot.check();
  });
}

function drawFrame() {
  if (!state.plane) return;
  const win = view.window();
  drawAxes({ x: $('axis-x'), y: $('axis-y') }, state.plane, state.names, win);
  $('depth').textContent = depthText(state.plane, view.z, state.exp.max_zoom, win.w);
  $('floor').hidden = view.z < state.exp.max_zoom;
}

// ---- URL state -----------------------------------------------------------------------------
function currentView() {
  return {
    e: state.id, z: view.z, x: toPixelString(view.centre.x, view.z), y: toPixelString(view.centre.y, view.z),
    cmap: state.cmap, lock: state.lock, layer: state.layer, step: state.step,
    pins: pins.items.map(({ z, px, py }) => ({ z, px, py })),
  };
}

function writeUrl(push) {
  if (!state.exp) return;
  exporter.refresh();
  const url = encodeView(currentView());
  if (url === location.search) return;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

/** Default view: the whole plane, as large as fits (at most zoom `maxZoom`). */
function fitView(maxZoom = state.exp.max_zoom) {
  const s = view.map.getSize();
  const z = Math.max(0, Math.min(maxZoom, Math.floor(Math.log2(Math.min(s.x, s.y) / 256))));
  const c = 128n * unitsPerPixel(0);
  return { z, x: c, y: c };
}

/**
 * Open experiment `id` at view `v` (a decoded permalink, or a jump). What of `v` does not apply
 * to the experiment is left out or clamped (permalink.js fitToExperiment); with `bad` (the
 * permalink's invalid fields) everything ignored or adjusted is said in one toast.
 */
async function openExperiment(id, v = { pins: [] }, push = false, bad = null) {
  let exp;
  try {
    [exp, state.tileset] = await Promise.all([api.getExperiment(id), api.getTileset(id)]);
  } catch (err) {
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
    return false;
  }
  message('');
  Object.assign(state, { id, exp, cdf: null });
  const stepLayers = ((state.tileset && state.tileset.layers) || [{ id: 'measure', steps: true }])
    .filter((l) => l.steps).map((l) => l.id);
  const refused = v.layer ? layerRefusal(state.tileset, v.layer) : null;
  if (refused) { bad = [...(bad || []), `layer=${v.layer}: ${refused}`]; v = { ...v, layer: undefined }; }
  const fit = fitToExperiment(v, exp, { colormaps: Object.keys(COLORMAPS), stepLayers });
  v = fit.view;
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
  dim.reset();
  if (v.z !== undefined) {
    try {
      view.setView(v.z, fromPixelString(v.x, v.z), fromPixelString(v.y, v.z), true);
    } catch { const f = fitView(); view.setView(f.z, f.x, f.y, true); }
  } else {
    const f = fitView();
    view.setView(f.z, f.x, f.y, true);
  }
  for (const p of v.pins) pinAt(p, false);
  if (bad) {
    const text = ignoredText([...bad, ...fit.ignored], fit.adjusted);
    if (text) flash(text);
  }
  writeUrl(push);
  return true;
}

function retile() {
  snapshot.clear(); // other values: the old imagery is not what is coming
  state.cdf = null;
  tiles.redraw();
  writeUrl(false);
}

// ---- controls ------------------------------------------------------------------------------
function wireControls() {
  wireSwitching({ $, state, view, openExperiment, currentView, fitView, flash, ready: () => started });
  const jump = bookmarkJump({ $, state, view, openExperiment, writeUrl });
  $('bookmarks').addEventListener('change', (e) => { if (e.target.value) jump(e.target.value); e.target.value = ''; });
  $('colormap').addEventListener('change', (e) => {
    state.cmap = e.target.value;
    state.table = lut(state.cmap);
    $('ramp').style.background = gradientCss(state.cmap);
    setLegend(state, $);
    scheduleRecolour();
    writeUrl(false);
  });
  $('lock').addEventListener('change', (e) => { state.lock = e.target.checked; scheduleRecolour(); writeUrl(false); });
  $('layer').addEventListener('change', (e) => {
    state.layer = e.target.value;
    if (!layerInfo(state).steps) state.step = null;
    setupLayers(state, $);
    retile();
    refetch();
    const note = layerCostNote(layerInfo(state), state.exp, state.list.find((e) => e.id === state.defaultId));
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
  $('share').addEventListener('click', share);
  wireCustomForm($('custom'), $('custom-open'), (id) => openExperiment(id, { pins: [] }, true), () => state.exp && state.exp.config);
  window.addEventListener('popstate', () => fromUrl());
  window.addEventListener('resize', () => drawFrame());
}

async function share() {
  const url = location.href;
  try {
    await navigator.clipboard.writeText(url);
    flash('Link copied');
  } catch {
    window.prompt('Copy this link to share the exact view:', url);
  }
}

async function fromUrl() {
  const { view: v, errors } = decodeView(location.search);
  const id = v.e || state.defaultId;
  await openExperiment(id, v, false, errors);
}

async function start() {
  try {
    const list = await api.listExperiments();
    state.list = list.experiments;
    state.defaultId = list.default || 'tanh-quick';
  } catch (err) {
    if (err.status) message(`${err.message} Is \`trainscape serve\` running?`);
    return; // unreachable: the status probes the server and calls start() again when it answers
  }
  fillBookmarks($('bookmarks'), state.list);
  onCpu(); // asked now, while the browser's connections are free; the cost questions use it
  await fromUrl();
  $('map').focus();
}

window.trainscape = { state, view, tiles, pins, dim, snapshot, currentView, status };
fillColormaps($('colormap'), state.cmap);
wireControls();
const started = start();

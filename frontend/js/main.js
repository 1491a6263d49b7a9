// Wires the explorer's parts together, and nothing else: the map with its tiles and their
// colours, the server status, the pinned runs, the dimension panel, the export, the URL, the
// opening of experiments and the controls. Each part lives in its module; this one creates them
// in order, hands each the others it talks to, and exposes them as `window.trainscape`.

import { viewWindow } from './analysis/dimension.js';
import { DimensionPanel } from './analysis/dimpanel.js';
import { createRecolour, wireColours } from './colour/recolour.js';
import * as api from './core/api.js';
import { createState } from './core/state.js';
import { createUrlState } from './core/urlstate.js';
import { wireBookmarkMenu } from './experiments/jump.js';
import { createOpener } from './experiments/opening.js';
import { wireSwitching } from './experiments/switching.js';
import { wireExport } from './export/export.js';
import { drawFrame, showReadout } from './map/axes.js';
import { Snapshot, viewShown } from './map/snapshot.js';
import { addInFrame, createTileLayer } from './map/tilelayer.js';
import { stitchView } from './map/tilestitch.js';
import { MapView } from './map/view.js';
import { wireRuns } from './runs/runs.js';
import { fillColormaps, wireCustomForm } from './ui/controls.js';
import { wireLayerMenu } from './ui/layermenu.js';
import { ServerStatus } from './ui/status.js';
import { toaster } from './ui/toast.js';

const L = window.L;
const $ = (id) => document.getElementById(id);
const state = createState();
const flash = toaster($('toast'));

// ---- the server status: the badge, the alert, and starting again when the server is back ----
const status = new ServerStatus({ badge: $('pending'), alert: $('message') }, {
  getHealth: api.getHealth,
  records: () => tiles.records,
  onBack: () => { if (!state.list.length) opener.start(); else if (!state.exp) opener.fromUrl(); },
});
api.watchConnection({ ok: () => status.reachable(), lost: () => status.unreachable() });
const message = (text) => status.alert(text);

// ---- the map, its tiles, their colours, and the snapshot that bridges a re-anchor -----------
const frame = () => drawFrame($, state, view);
const view = new MapView(L, $('map'), {
  onMove: frame,
  onMoveEnd: () => {
    frame(); recolour.schedule(); url.write(false); dim.stale(); snapshot.check();
  },
  onClick: () => {}, // set by wireRuns
  onPointer: (pos, z) => showReadout($, state, pos, z),
  beforeReanchor: ({ keep }) => {
    // the same pixels come back in the new frame: keep showing them until the new tiles arrive
    const el = tiles.getContainer(); // none before the first frame
    if (keep && el) snapshot.take(el, view.window()); else snapshot.clear();
    tiles.remove();
  },
  onReanchor: () => {
    addInFrame(L, tiles, view);
    snapshot.show((pos) => view.latLngOf(pos)); // the old frame's imagery, until the tiles arrive
    pins.relocate();
    frame();
  },
});
const snapshot = new Snapshot(L, view.map,
  () => viewShown(tiles.records, view.anchor, view.local, view.map.getPixelBounds()));

const tiles = createTileLayer(L, {
  anchor: () => view.anchor,
  url: (g) => api.tileUrl(state.id, g.z, g.x, g.y, { layer: state.layer === 'measure' ? null : state.layer, step: state.step }),
  onData: (rec) => recolour.tile(rec),
  onPending: (n, previews, offline) => {
    state.pending = n; state.previews = previews; status.tiles(n, previews, offline); snapshot.check();
  },
  onError: (text) => flash(`tile error: ${text}`),
});
const recolour = createRecolour({ state, view, tiles, snapshot, mapEl: $('map') });

// ---- pinned runs, the dimension panel, the export, the URL, opening experiments -------------
const { pins, pinAt, refetch } = wireRuns({ L, view, state, $, changed: () => url.write(false), hint: flash });

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
const url = createUrlState({ state, view, pins, written: () => exporter.refresh() });
const opener = createOpener({ $, state, view, pins, pinAt, dim, url, flash, message });

// ---- the controls ---------------------------------------------------------------------------
const changed = () => url.write(false);
wireSwitching({
  $, state, view, openExperiment: opener.open, currentView: url.currentView, fitView: opener.fitView, flash,
  ready: () => started,
});
wireBookmarkMenu({ $, state, view, openExperiment: opener.open, writeUrl: url.write });
wireColours({ $, state, recolour, changed });
wireLayerMenu({ $, state, pins, refetch, tiles, snapshot, changed, flash });
$('share').addEventListener('click', () => url.share(flash));
wireCustomForm($('custom'), $('custom-open'), (id) => opener.open(id, { pins: [] }, true), () => state.exp && state.exp.config);
window.addEventListener('popstate', () => opener.fromUrl());
window.addEventListener('resize', () => frame());

/** The debug handle: the page's parts, for tests and for people at the console. */
window.trainscape = {
  state, view, tiles, pins, dim, snapshot, status, recolour, url, opener, currentView: url.currentView,
};
fillColormaps($('colormap'), state.cmap);
const started = opener.start();

// The page's state: every field the explorer keeps about what it shows, declared here once.
// Modules read and set these fields; none can add others (the object is sealed). The debug handle
// `window.trainscape.state` (main.js) is this object.

import { DEFAULT_COLORMAP, lut } from '../colour/colour.js';

/** A fresh state: no experiment open yet, the default colormap, the measure layer. */
export function createState() {
  return Object.seal({
    // -- what the server offers (GET /api/experiments, once the page starts)
    /** The presets, each with its axes, steps, bookmarks and `cost` (tile ops, largest sizes). */
    list: [],
    /** The preset opened when the URL names none, and the yardstick of the cost questions. */
    defaultId: null,

    // -- the experiment open (null while none is: before the first load, or after it failed)
    /** Its id (a preset, `preset@steps`, or a custom experiment's). */
    id: null,
    /** Its GET /api/experiments/{id} answer: title, axes, steps, checkpoints, config, cost, … */
    exp: null,
    /** Its tileset.json: the layers it offers (id, description, steps, cost, available). */
    tileset: null,
    /** Its plane: exact log10 bounds of both axes (core/plane.js makePlane). */
    plane: null,
    /** The axes' names for labels and the readout (experiments/shown.js axisNames). */
    names: null,

    // -- how the tiles are shown (the URL carries cmap, lock, layer and step)
    /** The colormap's name. */
    cmap: DEFAULT_COLORMAP,
    /** Whether the colour CDF stays as it is when the view moves ("Lock colours"). */
    lock: false,
    /** The colour CDF's steps over the values in view (null: none yet, build one). */
    cdf: null,
    /** The colormap's lookup table (colour/colour.js lut of `cmap`). */
    table: lut(DEFAULT_COLORMAP),
    /** The tiles' layer: 'measure', or another of the tileset's ('lyapunov'). */
    layer: 'measure',
    /** The training step shown (one of exp.checkpoints), or null for the last (all steps). */
    step: null,

    // -- the tiles' progress (the status badge shows it; tests wait on it)
    /** Tiles in view not final yet (computing, or waiting for the server). */
    pending: 0,
    /** Of those, the tiles showing a preview. */
    previews: 0,
  });
}

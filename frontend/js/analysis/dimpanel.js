// The "Boundary dimension" panel: D of the boundary in the current view, with r², the fit range
// and the log-log plot. Two ways, each on request: a fresh server grid over the view (seconds),
// or the loaded tiles in view measured in the page at full resolution (instant). The server grid
// is as large as the server's budget allows for the experiment (up to 128 px); where not even the
// smallest grid fits, Recompute is off and the panel says what to use instead.

import { getDimension } from '../core/api.js';
import { boundaryDimension } from './boxcount.js';
import {
  describeDimension, dimensionSize, serverUnavailable, tilesNote, tilesUnavailable,
} from './dimension.js';
import { drawDimension } from './dimplot.js';
import { convergedFraction } from '../map/tilestitch.js';

/** Data attributes of the result element that describe a loaded-tiles answer's pixels. */
const GEOMETRY = ['z', 'px', 'py', 'w', 'h', 'counts'];

export class DimensionPanel {
  /** els: {button, tilesButton, status, result, error, plot, note}; hooks: experiment() ->
   * {id, steps, maxSize (the server's cost.dimension_max_size)} | null, window() -> {x0, x1,
   * y0, y1} (exact log10 strings of the view), loaded() -> {layer, step, rect, cover, values?}
   * (tilestitch.stitchView's answer, the map's layer and step). */
  constructor(els, hooks) {
    Object.assign(this, { els, hooks });
    this._seq = 0;
    this._controller = null;
    this._title = els.button.title;
    els.button.addEventListener('click', () => this.recompute());
    els.tilesButton.addEventListener('click', () => this.measureTiles());
    this.reset();
  }

  _set(state, status = '') {
    this.els.button.closest('section').dataset.state = state;
    this.els.status.textContent = status;
    this.els.button.disabled = state === 'computing' || this._offServer !== null;
  }

  /** Forget the last answer (a new experiment or layer). */
  reset() {
    this._seq += 1;
    if (this._controller) this._controller.abort();
    const exp = this.hooks.experiment();
    // why the server cannot measure this experiment (null: it can)
    const off = exp && dimensionSize(exp.maxSize) === null;
    this._offServer = off ? serverUnavailable(exp.maxSize) : null;
    this.els.button.title = this._offServer || this._title;
    this._clear(this._offServer || 'Press a button to measure the boundary in view.');
    this.els.error.textContent = '';
    this._set('idle');
  }

  /** Take the shown answer away (text, note, plot and its data), leaving `text` instead. */
  _clear(text) {
    const { result, plot, note } = this.els;
    result.textContent = text;
    note.textContent = '';
    plot.hidden = true;
    plot.dataset.points = '0';
    this._source(null);
  }

  /** A new request was refused or failed: say why, and show no earlier answer beside it (it was
   * for another view, layer or step, or the same one that the user just asked to measure anew). */
  _refused(message) {
    this._clear(this._offServer || 'No result for this view.');
    this.els.error.textContent = message;
  }

  /** Mark the result element with where its answer came from ('server', 'tiles' or none). */
  _source(source, geometry = {}) {
    const d = this.els.result.dataset;
    for (const k of ['source', 'dimension', ...GEOMETRY]) delete d[k];
    if (source) d.source = source;
    Object.assign(d, geometry);
  }

  _state() { return this.els.button.closest('section').dataset.state; }

  /** The view moved: the shown answer is for an earlier window. */
  stale() {
    if (this._state() === 'done') this.els.status.textContent = 'for an earlier view';
  }

  async recompute() {
    const exp = this.hooks.experiment();
    if (!exp) return;
    const size = dimensionSize(exp.maxSize);
    if (size === null) { // no request fits the server's budget: say so, send nothing
      this.els.error.textContent = serverUnavailable(exp.maxSize);
      return;
    }
    const seq = ++this._seq;
    if (this._controller) this._controller.abort();
    this._controller = new AbortController();
    const win = this.hooks.window();
    this.els.error.textContent = '';
    this._set('computing', 'computing…');
    try {
      const r = await getDimension(exp.id, win, size, this._controller.signal);
      if (seq === this._seq) this.show(r);
    } catch (err) {
      if (err.name === 'AbortError' || seq !== this._seq) return;
      this._refused(err.message);
      this._set('error');
    }
  }

  /** Measure the loaded tiles in view, or say what to wait for (and do nothing else). */
  measureTiles() {
    if (!this.hooks.experiment()) return;
    const t = this.hooks.loaded();
    const why = tilesUnavailable(t);
    if (why) {
      this._refused(why);
      if (this._state() !== 'computing') this._set('error'); // a server request goes on
      return;
    }
    this._seq += 1; // a server answer still on its way is for another request
    if (this._controller) this._controller.abort();
    const { rect, values } = t;
    const r = boundaryDimension(values, rect.w, rect.h);
    this._draw(r, describeDimension(r, `${rect.w} × ${rect.h}`), tilesNote(r, convergedFraction(values), t.step));
    this._source('tiles', {
      z: String(rect.z), px: String(rect.px), py: String(rect.py), w: String(rect.w), h: String(rect.h),
      counts: r.counts.join(','),
    });
    this._setDimension(r);
  }

  show(r) {
    const conv = Math.round(100 * r.converged_fraction);
    this._draw(r, describeDimension(r), `${r.size} × ${r.size} runs of ${r.steps} steps over the view; `
      + `${conv}% converge; ${r.boundary_blocks} boundary blocks.`);
    this._source('server');
    this._setDimension(r);
  }

  _setDimension(r) {
    this.els.result.dataset.dimension = r.dimension === null ? '' : String(r.dimension);
  }

  _draw(r, text, noteText) {
    const { result, plot, note, error } = this.els;
    result.textContent = text;
    error.textContent = '';
    plot.hidden = false;
    plot.dataset.points = String(drawDimension(plot, r));
    note.textContent = noteText;
    this._set('done');
  }
}

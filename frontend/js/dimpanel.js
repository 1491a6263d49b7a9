// The "Boundary dimension" panel: D of the boundary in the current view, on request (the
// computation is expensive), with r², the fit range and the log-log plot.

import { getDimension } from './api.js';
import { describeDimension, dimensionSize } from './dimension.js';
import { drawDimension } from './dimplot.js';

export class DimensionPanel {
  /** els: {button, status, result, error, plot, note}; hooks: experiment() -> {id, steps} | null,
   * window() -> {x0, x1, y0, y1} (exact log10 strings of the view). */
  constructor(els, hooks) {
    Object.assign(this, { els, hooks });
    this._seq = 0;
    this._controller = null;
    els.button.addEventListener('click', () => this.recompute());
    this.reset();
  }

  _set(state, status = '') {
    this.els.button.closest('section').dataset.state = state;
    this.els.status.textContent = status;
    this.els.button.disabled = state === 'computing';
  }

  /** Forget the last answer (a new experiment or layer). */
  reset() {
    this._seq += 1;
    if (this._controller) this._controller.abort();
    const { result, error, plot, note } = this.els;
    result.textContent = 'Press the button to measure the boundary in view.';
    error.textContent = '';
    note.textContent = '';
    plot.hidden = true;
    plot.dataset.points = '0';
    this._set('idle');
  }

  /** The view moved: the shown answer is for an earlier window. */
  stale() {
    if (this.els.button.closest('section').dataset.state === 'done') this.els.status.textContent = 'for an earlier view';
  }

  async recompute() {
    const exp = this.hooks.experiment();
    if (!exp) return;
    const seq = ++this._seq;
    if (this._controller) this._controller.abort();
    this._controller = new AbortController();
    const size = dimensionSize(exp.steps);
    const win = this.hooks.window();
    this.els.error.textContent = '';
    this._set('computing', 'computing…');
    try {
      const r = await getDimension(exp.id, win, size, this._controller.signal);
      if (seq === this._seq) this.show(r);
    } catch (err) {
      if (err.name === 'AbortError' || seq !== this._seq) return;
      this.els.error.textContent = err.message;
      this._set('error');
    }
  }

  show(r) {
    const { result, plot, note } = this.els;
    result.textContent = describeDimension(r);
    result.dataset.dimension = r.dimension === null ? '' : String(r.dimension);
    plot.hidden = false;
    plot.dataset.points = String(drawDimension(plot, r));
    const conv = Math.round(100 * r.converged_fraction);
    note.textContent = `${r.size} × ${r.size} runs of ${r.steps} steps over the view; ${conv}% converge; `
      + `${r.boundary_blocks} boundary blocks.`;
    this._set('done');
  }
}

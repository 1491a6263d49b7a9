// Pinned runs: markers on the map, a list in the panel, their loss curves on one chart and,
// when the runs carry them, their running Lyapunov exponents on a second.

import { drawChart, drawLyapunov } from './plot.js';

export const PIN_COLOURS = ['#111111', '#e6862a', '#1b9e77', '#7b3294', '#a6611a', '#e7298a', '#66a61e', '#17becf'];
export const MAX_PINS = PIN_COLOURS.length;

export class Pins {
  /** els: {list, chart, lyap, lyapWrap}; hooks: latLngOf(pin) -> L.LatLng, changed(), describe(pin) -> html. */
  constructor(L, map, els, hooks) {
    Object.assign(this, { L, map, els, hooks });
    this.items = [];
    this.marker = null; // training step marked on the chart (the step slider), or null
    this.steps = 0; // the experiment's steps: the loss chart's x axis while no run is drawn
  }

  /** Add a pin {z, px, py} (strings); the oldest is dropped beyond MAX_PINS. Returns it. */
  add(p) {
    const same = this.items.find((q) => q.z === p.z && q.px === p.px && q.py === p.py);
    if (same) return same;
    if (this.items.length >= MAX_PINS) this.remove(this.items[0]);
    const used = new Set(this.items.map((q) => q.colour));
    const colour = PIN_COLOURS.find((c) => !used.has(c));
    const pin = { ...p, colour, run: null, error: null };
    pin.marker = this.L.circleMarker(this.hooks.latLngOf(pin), {
      radius: 6, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1, interactive: false,
    }).addTo(this.map);
    this.items.push(pin);
    this.render();
    return pin;
  }

  remove(pin) {
    pin.marker.remove();
    this.items = this.items.filter((q) => q !== pin);
    this.render();
    this.hooks.changed();
  }

  clear() {
    for (const p of this.items) p.marker.remove();
    this.items = [];
    this.render();
  }

  /** Move markers after the frame was re-anchored. */
  relocate() {
    for (const p of this.items) p.marker.setLatLng(this.hooks.latLngOf(p));
  }

  /** Redraw the pin list and the charts. Pins are numbered in the list; a pin whose loss curve
   * hides under an earlier pin's (plot.js `coinciding`) says so, and is drawn dashed over it. */
  render() {
    const { list, chart } = this.els;
    const drawn = this.items.filter((p) => p.run);
    const series = drawn.map((p) => ({ losses: p.run.losses, colour: p.colour }));
    const steps = Math.max(0, ...drawn.map((p) => p.run.losses.length));
    const { same } = drawChart(chart, series, steps || this.steps, this.marker);
    chart.dataset.series = String(series.length);
    chart.dataset.points = series.map((s) => s.losses.length).join(',');
    const under = new Map(drawn.map((p, i) => [p, same[i] === null ? null : drawn[same[i]]]));
    list.innerHTML = '';
    this.items.forEach((p, i) => {
      const li = document.createElement('li');
      const q = under.get(p);
      const note = q ? `<br>${sameCurveText(this.items.indexOf(q) + 1, q.colour)}` : '';
      li.innerHTML = `<span class="pin-no">${i + 1}</span><span class="swatch" style="background:${p.colour}"></span>`
        + `<span class="info">${this.hooks.describe(p)}${note}</span>`;
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = '×';
      rm.title = 'Remove this pin';
      rm.setAttribute('aria-label', `Remove pin ${i + 1}`);
      rm.addEventListener('click', () => this.remove(p));
      li.append(rm);
      list.append(li);
    });
    this._renderLyapunov(steps);
  }

  /** The Lyapunov chart, shown while some pinned run has a `lyapunov` trajectory. */
  _renderLyapunov(steps) {
    const { lyap, lyapWrap } = this.els;
    if (!lyap) return;
    const series = this.items.filter((p) => p.run && Array.isArray(p.run.lyapunov))
      .map((p) => ({ values: p.run.lyapunov, colour: p.colour }));
    lyapWrap.hidden = !series.length;
    lyap.dataset.series = String(series.length);
    lyap.dataset.points = series.map((s) => s.values.length).join(',');
    if (series.length) drawLyapunov(lyap, series, steps);
  }
}

/** The pin list's note on a pin whose loss curve lies under pin `n`'s (of `colour`) (pure). */
export function sameCurveText(n, colour) {
  return `<span class="same">same loss curve as <span class="num"><span class="swatch swatch-inline"`
    + ` style="background:${colour}"></span>pin ${n}</span> (drawn dashed over it)</span>`;
}

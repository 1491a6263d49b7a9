// Pinned runs wired to the map: click (or Enter) pins the pixel's run, fetched by its global
// address in the current layer; the pin list describes each run.

import * as api from '../core/api.js';
import { readoutPairs } from '../map/axes.js';
import { pixelAt, pixelCentre, pixelInPlane } from '../core/frame.js';
import { Pins } from './pins.js';

/**
 * ctx: {L, view, state, $, changed(), hint(text)}. Returns {pins, pinAt(p, write), refetch()}.
 * Clicks outside the plane pin nothing; they get a short hint.
 */
export function wireRuns({ L, view, state, $, changed, hint }) {
  const pins = new Pins(L, view.map, { list: $('pins'), chart: $('chart'), lyap: $('lyap-chart'), lyapWrap: $('lyap-wrap') }, {
    latLngOf: (p) => view.latLngOf(pixelCentre(p.z, BigInt(p.px), BigInt(p.py))),
    changed,
    describe: (p) => describePin(state, p),
  });

  function pinAt(p, write = true) {
    const pin = pins.items.includes(p) ? p : pins.add(p);
    if (write) changed();
    if (pin.run) return;
    const params = state.layer === 'measure' ? {} : { layer: state.layer };
    api.getPixel(state.id, p.z, p.px, p.py, params)
      .then((run) => { pin.run = run; })
      .catch((err) => { pin.error = err.message; })
      .finally(() => pins.render());
  }

  /** Fetch every pinned run again (the layer changed what a run carries). */
  function refetch() {
    for (const p of pins.items) { p.run = null; p.error = null; }
    for (const p of pins.items) pinAt(p, false);
  }

  let clickWait = null;
  view.hooks.onClick = (pos, z) => {
    clearTimeout(clickWait);
    if (!state.exp) return; // no experiment open: no run to show
    const p = { z, px: String(pixelAt(pos.x, z)), py: String(pixelAt(pos.y, z)) };
    clickWait = setTimeout(() => {
      if (pixelInPlane(p.z, p.px, p.py)) pinAt(p); else hint('Outside the plane: no run there');
    }, 250);
  };
  view.map.on('dblclick', () => clearTimeout(clickWait));
  // Keyboard: Enter pins the run at the view centre (arrows pan, +/- zoom one level: view.js).
  $('map').addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !state.exp) return;
    const { x, y } = view.centre;
    pinAt({ z: view.z, px: String(pixelAt(x, view.z)), py: String(pixelAt(y, view.z)) });
  });
  return { pins, pinAt, refetch };
}

/** A number with its name, never broken across lines ("λ 1.67"). */
const num = (text) => `<span class="num">${text}</span>`;

function describePin(state, p) {
  const pairs = readoutPairs(state.plane, state.names, pixelCentre(p.z, BigInt(p.px), BigInt(p.py)), p.z);
  const where = pairs.map(num).join(' ');
  if (p.error) return `${where}<br><span class="div">${p.error}</span>`;
  if (!p.run) return `${where}<br>training…`;
  const c = p.run.converged;
  const lam = p.run.lyapunov && p.run.lyapunov.length ? ` · ${num(`λ ${Number(p.run.lyapunov.at(-1)).toPrecision(3)}`)}` : '';
  const outcome = `<span class="${c ? 'conv' : 'div'}">${c ? 'converged' : 'diverged'}</span>`;
  return `${where}<br>${outcome} · ${num(`measure ${Number(p.run.measure).toPrecision(4)}`)} · ${num(`${p.run.losses.length} steps`)}${lam}`;
}

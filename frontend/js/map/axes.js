// Axes along the map's edges (η values at nice log10 positions), cursor readout, scale and depth.

import { formatPow10, toNumber, sub } from '../core/exact.js';
import { decadesAcross, digitsFor, log10X, log10Y, spanX, ticks } from '../core/plane.js';
import { TILE } from '../core/frame.js';
import { setupCanvas } from '../runs/plot.js';

/** Size a canvas to its CSS box and return its 2-D context in CSS pixels, ink #333. */
function prepare(canvas) {
  const { ctx, w, h } = setupCanvas(canvas, { left: 0, right: 0, top: 0, bottom: 0 }, [0, 0]);
  ctx.fillStyle = '#333';
  ctx.strokeStyle = '#333';
  return { ctx, w, h };
}

/** Every k-th tick, with the smallest k for which no two labels overlap. */
function thin(ctx, list) {
  const widths = list.map((t) => ctx.measureText(t.label).width);
  for (let k = 1; k < list.length; k += 1) {
    let ok = true;
    for (let i = k; i < list.length && ok; i += k) {
      ok = Math.abs(list[i].pos - list[i - k].pos) >= (widths[i] + widths[i - k]) / 2 + 10;
    }
    if (ok) return list.filter((_, i) => i % k === 0);
  }
  return list.slice(0, 1);
}

/**
 * The ticks whose whole label lies on the axis: a label `widths[i]` long, centred on `pos`, must
 * keep `margin` px from both ends of an axis `length` px long (deep zoom labels are 100+ px).
 */
export function labelsInside(list, widths, length, margin = 3) {
  return list.filter((t, i) => t.pos - widths[i] / 2 >= margin && t.pos + widths[i] / 2 <= length - margin);
}

/** Draw one axis on its canvas; y labels are rotated. Tick data is kept on the element for tests. */
function drawAxis(canvas, all, name, vertical) {
  const { ctx, w, h } = prepare(canvas);
  const inside = labelsInside(all, all.map((t) => ctx.measureText(t.label).width), vertical ? h : w);
  const list = thin(ctx, inside);
  ctx.beginPath();
  for (const t of list) {
    const p = Math.round(t.pos) + 0.5;
    if (vertical) { ctx.moveTo(w - 5, p); ctx.lineTo(w, p); } else { ctx.moveTo(p, 0); ctx.lineTo(p, 5); }
  }
  ctx.stroke();
  ctx.textAlign = 'center';
  for (const t of list) {
    if (vertical) {
      ctx.save(); ctx.translate(w - 9, t.pos); ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'bottom'; ctx.fillText(t.label, 0, 0); ctx.restore();
    } else {
      ctx.textBaseline = 'top'; ctx.fillText(t.label, t.pos, 7);
    }
  }
  ctx.fillStyle = '#666';
  ctx.font = 'italic 11px system-ui, sans-serif';
  if (vertical) {
    ctx.save(); ctx.translate(12, h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle'; ctx.fillText(name, 0, 0); ctx.restore();
  } else {
    ctx.textBaseline = 'bottom'; ctx.fillText(name, w / 2, h - 1);
  }
  canvas.dataset.ticks = JSON.stringify(list.map((t) => [Number(t.pos.toFixed(2)), t.label]));
}

/** Draw both axes for the displayed window `win` (from MapView.window()). */
export function drawAxes(els, plane, names, win) {
  const uL = log10X(plane, win.tl.x);
  const uR = log10X(plane, win.br.x);
  const uT = log10Y(plane, win.tl.y);
  const uB = log10Y(plane, win.br.y);
  const nx = Math.max(2, Math.round(win.w / 170));
  const ny = Math.max(2, Math.round(win.h / 130));
  drawAxis(els.x, ticks(uL, uR, win.w, nx), names.x, false);
  drawAxis(els.y, ticks(uT, uB, win.h, ny), names.y, true);
  return toNumber(sub(uR, uL));
}

/** The two halves of the readout at fixed position `pos`, zoom z: ["η₁ = 1.25", "η₂ = 30"]. */
export function readoutPairs(plane, names, pos, z) {
  const du = spanX(plane) / (TILE * 2 ** z);
  const d = digitsFor(du);
  const x = formatPow10(log10X(plane, pos.x), d);
  const y = formatPow10(log10Y(plane, pos.y), d);
  return [`${names.xShort} = ${x}`, `${names.yShort} = ${y}`];
}

/** Cursor readout text for fixed position `pos` at zoom z. */
export const readout = (plane, names, pos, z) => readoutPairs(plane, names, pos, z).join('   ');

/** Depth line: zoom level of the maximum, and window width in decades. */
export function depthText(plane, z, maxzoom, widthPx) {
  const dec = decadesAcross(plane, widthPx, z);
  const w = dec >= 0.01 ? dec.toPrecision(3) : dec.toExponential(2);
  return `zoom ${z} / ${maxzoom} · window ${w} decades · ×${(2 ** z).toExponential(2).replace('e+', 'e')} magnified`;
}

/** The map's frame for the view shown: both axes, the depth line, and the note at the deepest zoom. */
export function drawFrame($, state, view) {
  if (!state.plane) return;
  const win = view.window();
  drawAxes({ x: $('axis-x'), y: $('axis-y') }, state.plane, state.names, win);
  $('depth').textContent = depthText(state.plane, view.z, state.exp.max_zoom, win.w);
  $('floor').hidden = view.z < state.exp.max_zoom;
}

/** The cursor readout for fixed position `pos` at zoom z (none off the map or with no experiment). */
export function showReadout($, state, pos, z) {
  $('readout').textContent = pos && state.plane ? readout(state.plane, state.names, pos, z) : '';
}

// Log-log plot of a box-counting answer: N(s), the s × s boxes holding boundary (y), against box
// size s (x), with the fitted line over the fit range. Draws only; the caller owns the data.

import { PAD, drawAxesBox, drawNote, scale, setupCanvas } from '../runs/plot.js';

const DOT = '#2166ac';
const FIT = '#b2182b';

/** Decade-ish ticks of log10 values in [lo, hi]: integer decades, or the data's own values. */
function logTicks(lo, hi, own) {
  const out = [];
  for (let k = Math.ceil(lo); k <= Math.floor(hi); k += 1) out.push(k);
  return out.length >= 2 ? out : own;
}

const label = (k) => { const v = 10 ** k; return v >= 1e4 ? `1e${Math.round(k)}` : String(Math.round(v)); };

/** The ticks whose centred labels do not overlap, the largest kept (an extent such as 1000 px
 * lies close to 512). */
function spaced(ticks, X, ctx, gap = 4) {
  const half = (t) => ctx.measureText(t.label).width / 2;
  const out = [];
  for (const t of [...ticks].reverse()) {
    if (!out.length || X(out[0].v) - X(t.v) >= half(out[0]) + half(t) + gap) out.unshift(t);
  }
  return out;
}

/**
 * Draw `r` (the dimension API's answer: sizes, counts, dimension, fit {intercept, range}) on
 * `canvas`. Returns the number of points drawn (sizes whose count is positive).
 */
export function drawDimension(canvas, r) {
  const box = setupCanvas(canvas, PAD, [320, 160]);
  const pts = r.sizes.map((s, i) => [Math.log10(s), r.counts[i]]).filter(([, c]) => c > 0)
    .map(([x, c]) => [x, Math.log10(c)]);
  const xs = r.sizes.map((s) => Math.log10(s));
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs) - 0.1;
  const x1 = Math.max(...xs) + 0.1;
  const y0 = Math.min(0, ...ys) - 0.1;
  const y1 = Math.max(1, ...ys) + 0.1;
  const X = scale(x0, x1, PAD.left, PAD.left + box.pw);
  const Y = scale(y0, y1, PAD.top + box.ph, PAD.top);
  const tick = (k) => ({ v: k, label: label(k) });
  drawAxesBox(box, X, Y, {
    xTicks: spaced(xs.map(tick), X, box.ctx),
    yTicks: logTicks(y0, y1, ys).map(tick),
    xLabel: 'box size s (px), log scale',
    yLabel: 'boundary boxes N(s)',
  });
  const { ctx } = box;
  if (r.dimension !== null && r.fit && r.fit.intercept !== null) {
    // ln N = intercept - D ln s  ->  log10 N = intercept / ln 10 - D log10 s
    const line = (lx) => r.fit.intercept / Math.LN10 - r.dimension * lx;
    const [a, b] = r.fit.range.map((s) => Math.log10(s));
    ctx.strokeStyle = FIT;
    ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(X(a), Y(line(a))); ctx.lineTo(X(b), Y(line(b))); ctx.stroke();
  }
  ctx.fillStyle = DOT;
  for (const [x, y] of pts) { ctx.beginPath(); ctx.arc(X(x), Y(y), 3, 0, 2 * Math.PI); ctx.fill(); }
  if (!pts.length) drawNote(box, 'no boundary boxes');
  return pts.length;
}

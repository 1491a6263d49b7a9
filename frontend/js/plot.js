// Run charts on a canvas: loss curves (log y) and Lyapunov exponents (linear y) against step,
// one colour per pinned run, plus the small plotting helpers other charts reuse. Draws only.

export const PAD = { left: 52, right: 10, top: 10, bottom: 30 };

/** Size `canvas` for the device pixel ratio and clear it: {ctx, w, h, pw, ph} (plot box size). */
export function setupCanvas(canvas, pad = PAD, fallback = [320, 180]) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || fallback[0];
  const h = canvas.clientHeight || fallback[1];
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  return { ctx, w, h, pw: w - pad.left - pad.right, ph: h - pad.top - pad.bottom };
}

/** Linear map from [lo, hi] onto [a, b], clamping to the range. */
export const scale = (lo, hi, a, b) => (v) => a + ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * (b - a);

/**
 * Grid lines, tick labels and the plot frame. box: {ctx, pw, ph}; X, Y map data to canvas;
 * xTicks/yTicks: [{v, label}]; xLabel under the x axis.
 */
export function drawAxesBox(box, X, Y, { xTicks, yTicks, xLabel }, pad = PAD) {
  const { ctx, pw, ph } = box;
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#ddd';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    ctx.beginPath(); ctx.moveTo(pad.left, Y(t.v)); ctx.lineTo(pad.left + pw, Y(t.v)); ctx.stroke();
    ctx.fillText(t.label, pad.left - 4, Y(t.v));
  }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of xTicks) ctx.fillText(t.label, X(t.v), pad.top + ph + 4);
  ctx.fillText(xLabel, pad.left + pw / 2, pad.top + ph + 16);
  ctx.strokeStyle = '#888';
  ctx.strokeRect(pad.left, pad.top, pw, ph);
}

/** A centred grey note inside the plot box. */
export function drawNote(box, text, pad = PAD) {
  const { ctx, pw, ph } = box;
  ctx.fillStyle = '#888';
  ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
  ctx.fillText(text, pad.left + pw / 2, pad.top + ph / 2);
}

/** Polyline of `values` (index = x) in `colour`; null / NaN values break the line. */
export function drawLine(ctx, values, X, Y, colour, width = 1.5) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.beginPath();
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || Number.isNaN(v)) { pen = false; return; }
    if (pen) ctx.lineTo(X(i), Y(v)); else ctx.moveTo(X(i), Y(v));
    pen = true;
  });
  ctx.stroke();
}

/** Ticks {v: log10 value, label} between lo and hi (log10): decades, thinned to at most ~6;
 * when fewer than three decades fall inside, the 2 and 5 multiples as well. */
export function logTicks(lo, hi) {
  const a = Math.ceil(lo);
  const b = Math.floor(hi);
  const out = [];
  if (b - a + 1 >= 3) {
    const every = Math.ceil((b - a + 1) / 6);
    for (let k = a; k <= b; k += every) out.push({ v: k, label: `1e${k}` });
    return out;
  }
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k += 1) {
    for (const m of [1, 2, 5]) {
      const v = k + Math.log10(m);
      if (v >= lo - 1e-12 && v <= hi + 1e-12) out.push({ v, label: `${m}e${k}` });
    }
  }
  return out;
}

/** About `count` nice linear ticks (1, 2, 5 × 10^k apart) covering [lo, hi]. */
export function linearTicks(lo, hi, count = 5) {
  const raw = (hi - lo) / count;
  const e = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * e).find((s) => s >= raw) || 10 * e;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const stepTicks = (n) => [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (n - 1))).map((i) => ({ v: i, label: String(i) }));

/** log10 of each loss, with non-finite / overflowing values at +Infinity (drawn at the top). */
const logs = (losses) => losses.map((v) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : v === 0 ? -Infinity : Infinity));

/** Range [lo, hi] of finite log-losses over all series, at least one decade; like the measure,
 * losses beyond 1e6 times the largest initial loss are clipped (diverged runs leave the top). */
function range(series) {
  let lo = Infinity;
  let hi = -Infinity;
  let first = -Infinity;
  for (const s of series) {
    const ls = logs(s.losses);
    if (Number.isFinite(ls[0])) first = Math.max(first, ls[0]);
    for (const v of ls) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  hi = Math.min(hi, (Number.isFinite(first) ? first : lo) + 6);
  if (hi - lo < 1) { const m = (hi + lo) / 2; lo = m - 0.5; hi = m + 0.5; }
  return [lo, hi];
}

/** Vertical dashed line after `mark` steps. */
function drawMark(box, X, mark) {
  const { ctx, ph } = box;
  ctx.strokeStyle = '#c33';
  ctx.setLineDash([4, 3]);
  ctx.beginPath(); ctx.moveTo(X(mark - 1), PAD.top); ctx.lineTo(X(mark - 1), PAD.top + ph); ctx.stroke();
  ctx.setLineDash([]);
}

/** Draw `series` ([{losses: number[], colour}]) on `canvas`; `steps` sets the x range, `mark`
 * (a step count, optional) draws a vertical line after that many steps. */
export function drawChart(canvas, series, steps, mark = null) {
  const box = setupCanvas(canvas);
  const n = Math.max(2, steps || Math.max(...series.map((s) => s.losses.length), 2));
  const [lo, hi] = range(series);
  const X = scale(0, n - 1, PAD.left, PAD.left + box.pw);
  const Y = scale(lo, hi, PAD.top + box.ph, PAD.top);
  const yTicks = logTicks(lo, hi);
  drawAxesBox(box, X, Y, { xTicks: stepTicks(n), yTicks, xLabel: 'step' });
  if (!series.length) drawNote(box, 'click the map to see a run');
  if (mark) drawMark(box, X, mark);
  for (const s of series) drawLine(box.ctx, logs(s.losses), X, Y, s.colour);
}

/** Draw running Lyapunov exponents ([{values: number[] (null = undefined), colour}]) against
 * step on a linear y axis with a zero line. */
export function drawLyapunov(canvas, series, steps) {
  const box = setupCanvas(canvas);
  const n = Math.max(2, steps);
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (hi - lo < 1e-12) { lo -= 1; hi += 1; }
  const padY = (hi - lo) * 0.05;
  [lo, hi] = [lo - padY, hi + padY];
  const X = scale(0, n - 1, PAD.left, PAD.left + box.pw);
  const Y = scale(lo, hi, PAD.top + box.ph, PAD.top);
  const yTicks = linearTicks(lo, hi).map((v) => ({ v, label: Number(v.toPrecision(3)).toString() }));
  drawAxesBox(box, X, Y, { xTicks: stepTicks(n), yTicks, xLabel: 'step' });
  const { ctx } = box;
  ctx.strokeStyle = '#444';
  ctx.setLineDash([3, 3]);
  ctx.beginPath(); ctx.moveTo(PAD.left, Y(0)); ctx.lineTo(PAD.left + box.pw, Y(0)); ctx.stroke();
  ctx.setLineDash([]);
  for (const s of series) drawLine(ctx, s.values, X, Y, s.colour);
}

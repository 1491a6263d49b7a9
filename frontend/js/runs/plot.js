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
 * xTicks/yTicks: [{v, label}]; xLabel under the x axis, yLabel (optional) up the left edge.
 */
export function drawAxesBox(box, X, Y, { xTicks, yTicks, xLabel, yLabel }, pad = PAD) {
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
  if (yLabel) {
    ctx.save();
    ctx.translate(2, pad.top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, 0); // centred, top at the canvas's left edge
    ctx.restore();
  }
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

/** Nice integer ticks over the steps [0, n - 1]: about five, 1, 2 or 5 × 10^k apart (at least 1). */
export function stepTicks(n) {
  const last = Math.max(1, n - 1);
  const raw = last / 5;
  const e = 10 ** Math.floor(Math.log10(raw));
  const every = Math.max(1, [1, 2, 5, 10].map((m) => m * e).find((s) => s >= raw));
  const out = [];
  for (let v = 0; v <= last; v += every) out.push({ v, label: String(v) });
  return out;
}

/** log10 of each loss, with non-finite / overflowing values at +Infinity (above the top). */
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

/** Where a curve of log-losses first leaves the top `hi`: a fractional step index, or null. */
export function exitAbove(ls, hi) {
  for (let i = 0; i < ls.length; i += 1) {
    if (!(ls[i] > hi)) continue;
    const a = ls[i - 1];
    if (i === 0 || !Number.isFinite(a)) return i;
    return Number.isFinite(ls[i]) ? i - 1 + (hi - a) / (ls[i] - a) : i;
  }
  return null;
}

/** The loss value at the top of the chart (10^hi), short: "6.3e5". */
export const topLabel = (hi) => (10 ** hi).toExponential(1).replace('e+', 'e');

/** Two curves closer than this fraction of the y range at every step look like one line
 * (1.5 px of a 150 px plot: the line's width). */
export const SAME_TOL = 0.01;

/**
 * For each series, the index of the first earlier series whose curve hides it on a chart of
 * log10 loss [lo, hi] (pure), or null: the same number of steps and every point within
 * `SAME_TOL` of the range; points beyond the top or bottom count at that edge (clipped alike).
 */
export function coinciding(series, lo, hi) {
  const tol = SAME_TOL * (hi - lo);
  const edge = (v) => Math.max(lo, Math.min(hi, v));
  const curves = series.map((s) => logs(s.losses).map(edge));
  const hides = (a, b) => a.length === b.length && a.every((v, t) => Math.abs(v - b[t]) <= tol);
  return curves.map((c, i) => {
    const j = curves.slice(0, i).findIndex((d) => hides(c, d));
    return j < 0 ? null : j;
  });
}

/**
 * The loss chart's geometry (pure): steps 0..n-1 on x (n: the longest run, or the experiment's
 * `steps` while no run is pinned), log10 loss [lo, hi] on y with its ticks (the top labelled
 * when a curve leaves it), the step `mark` (null when outside the axis), and for each series the
 * fractional step where its curve first leaves the top (null if it stays inside), and `same`:
 * for each series the earlier one it coincides with (`coinciding`), or null.
 *
 * x = t is losses[t], the loss before update t, i.e. after t steps (docs/api.md), so the axis
 * label t and the mark of T steps are both at x = T: the measure after T steps is made of the
 * losses left of the mark (t < T). T = n (the whole run) is beyond the last loss: no mark.
 */
export function lossLayout(series, steps, mark = null) {
  const longest = Math.max(0, ...series.map((s) => s.losses.length));
  const n = Math.max(2, longest || steps || 2);
  const [lo, hi] = range(series);
  const exits = series.map((s) => exitAbove(logs(s.losses), hi));
  let yTicks = logTicks(lo, hi);
  const top = exits.some((x) => x !== null) ? topLabel(hi) : null;
  if (top) yTicks = [...yTicks.filter((t) => hi - t.v > 0.08 * (hi - lo)), { v: hi, label: top }];
  const marked = Number.isInteger(mark) && mark >= 1 && mark <= n - 1 ? mark : null;
  const same = coinciding(series, lo, hi);
  return { n, lo, hi, xTicks: stepTicks(n), yTicks, top, mark: marked, exits, same };
}

/** Vertical dashed line after `mark` steps (at x = mark, see lossLayout). */
function drawMark(box, X, mark) {
  const { ctx, ph } = box;
  ctx.strokeStyle = '#c33';
  ctx.setLineDash([4, 3]);
  ctx.beginPath(); ctx.moveTo(X(mark), PAD.top); ctx.lineTo(X(mark), PAD.top + ph); ctx.stroke();
  ctx.setLineDash([]);
}

/** An arrowhead in `colour` pointing up at the top edge, where a curve leaves the chart. */
function drawExit(ctx, x, colour) {
  ctx.fillStyle = colour;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, PAD.top + 1); ctx.lineTo(x - 5, PAD.top + 9); ctx.lineTo(x + 5, PAD.top + 9);
  ctx.closePath(); ctx.fill(); ctx.stroke();
}

/** Dash length (px) of a curve drawn over one it coincides with. */
const DASH = 5;

/**
 * Line dashes per series (pure): [] (solid) for a curve of its own; for the k-th curve that
 * coincides with an earlier one (of m in that group, the earlier one included) a dash of DASH
 * every m × DASH, shifted by k × DASH, so that each colour of the group shows in turn along
 * the line. Returns [{dash, offset}].
 */
export function dashes(same) {
  return same.map((j, i) => {
    if (j === null) return { dash: [], offset: 0 };
    const m = 1 + same.filter((b) => b === j).length; // the earlier curve and those over it
    const k = 1 + same.slice(0, i).filter((b) => b === j).length;
    return { dash: [DASH, DASH * (m - 1)], offset: -DASH * k };
  });
}

/** Draw `series` ([{losses: number[], colour}]) on `canvas`; `steps` sets the x range while no
 * run is drawn, `mark` (a step count, optional) draws a vertical line after that many steps.
 * Curves are clipped to the plot box; where one leaves the top an arrowhead marks it; a curve
 * that coincides with an earlier one is drawn dashed over it (`dashes`). Returns the layout. */
export function drawChart(canvas, series, steps, mark = null) {
  const box = setupCanvas(canvas);
  const lay = lossLayout(series, steps, mark);
  const X = scale(0, lay.n - 1, PAD.left, PAD.left + box.pw);
  const Y = scale(lay.lo, lay.hi, PAD.top + box.ph, PAD.top);
  drawAxesBox(box, X, Y, { xTicks: lay.xTicks, yTicks: lay.yTicks, xLabel: 'step' });
  if (!series.length) drawNote(box, 'click the map to see a run');
  if (lay.mark) drawMark(box, X, lay.mark);
  const { ctx } = box;
  const span = lay.hi - lay.lo;
  const yOf = (v) => PAD.top + box.ph * (1 - (v - lay.lo) / span); // unclamped: the clip cuts
  const beyond = (v) => (v === Infinity ? lay.hi + span : v === -Infinity ? lay.lo - span : v);
  ctx.save();
  ctx.beginPath(); ctx.rect(PAD.left, PAD.top, box.pw, box.ph); ctx.clip();
  const dash = dashes(lay.same);
  series.forEach((s, i) => {
    ctx.setLineDash(dash[i].dash);
    ctx.lineDashOffset = dash[i].offset;
    drawLine(ctx, logs(s.losses).map(beyond), X, yOf, s.colour);
  });
  ctx.setLineDash([]);
  ctx.lineDashOffset = 0;
  ctx.restore();
  series.forEach((s, i) => { if (lay.exits[i] !== null) drawExit(ctx, X(lay.exits[i]), s.colour); });
  Object.assign(canvas.dataset, {
    xticks: lay.xTicks.map((t) => t.label).join(' '), top: lay.top || '',
    exits: lay.exits.map((x) => (x === null ? '' : x.toFixed(2))).join(','),
    mark: lay.mark ? X(lay.mark).toFixed(1) : '', xmax: String(lay.n - 1),
    same: lay.same.map((j) => (j === null ? '' : String(j))).join(','),
  });
  return lay;
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

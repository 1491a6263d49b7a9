// Loss curves on a canvas: log-scale loss (y) against step (x), one colour per pinned run.
// Draws only; the caller owns the data.

const PAD = { left: 52, right: 10, top: 10, bottom: 30 };

/** Nice log10 tick values between lo and hi (decades, thinned to at most ~6). */
function decadeTicks(lo, hi) {
  const a = Math.ceil(lo);
  const b = Math.floor(hi);
  const every = Math.max(1, Math.ceil((b - a + 1) / 6));
  const out = [];
  for (let k = a; k <= b; k += every) out.push(k);
  return out;
}

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

/** Draw `series` ([{losses: number[], colour}]) on `canvas`; `steps` sets the x range, `mark`
 * (a step count, optional) draws a vertical line after that many steps. */
export function drawChart(canvas, series, steps, mark = null) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 320;
  const h = canvas.clientHeight || 180;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const pw = w - PAD.left - PAD.right;
  const ph = h - PAD.top - PAD.bottom;
  const n = Math.max(2, steps || Math.max(...series.map((s) => s.losses.length), 2));
  const [lo, hi] = range(series);
  const X = (i) => PAD.left + (i / (n - 1)) * pw;
  const Y = (v) => PAD.top + (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * ph;
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#ddd';
  ctx.lineWidth = 1;
  for (const k of decadeTicks(lo, hi)) {
    ctx.beginPath(); ctx.moveTo(PAD.left, Y(k)); ctx.lineTo(PAD.left + pw, Y(k)); ctx.stroke();
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.fillText(`1e${k}`, PAD.left - 4, Y(k));
  }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const i = Math.round(f * (n - 1));
    ctx.fillText(String(i), X(i), PAD.top + ph + 4);
  }
  ctx.fillText('step', PAD.left + pw / 2, PAD.top + ph + 16);
  ctx.strokeStyle = '#888';
  ctx.strokeRect(PAD.left, PAD.top, pw, ph);
  if (!series.length) {
    ctx.fillStyle = '#888';
    ctx.textBaseline = 'middle';
    ctx.fillText('click the map to see a run', PAD.left + pw / 2, PAD.top + ph / 2);
  }
  if (mark) {
    ctx.strokeStyle = '#c33';
    ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(X(mark - 1), PAD.top); ctx.lineTo(X(mark - 1), PAD.top + ph); ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    logs(s.losses).forEach((v, i) => (i ? ctx.lineTo(X(i), Y(v)) : ctx.moveTo(X(i), Y(v))));
    ctx.stroke();
  }
}

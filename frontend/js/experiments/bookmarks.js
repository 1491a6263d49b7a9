// Pure: the paper's figure windows as views, and what opening one costs where tiles are computed.
//
// A bookmark ({title, x: [lo, hi], y: [lo, hi], steps, experiment}, linear hyperparameter values
// from GET /api/experiments) names the experiment whose net it was chosen on, steps included
// (`tanh-minibatch@1000`): its boundary is there only for that net.

import { FZ, TILE, unitsPerPixel } from '../core/frame.js';
import { fixedFromLog10, makePlane, spanX } from '../core/plane.js';

/** The experiment id a bookmark opens (the server names it; older answers: the preset). */
export const bookmarkExperiment = (b, presetId) => b.experiment || presetId;

/**
 * The view {z, cx, cy} (global zoom, exact fixed centre) that shows bookmark `b` in a map of
 * w x h screen pixels on the plane of `axes` (an experiment's `axes`), at most `maxZoom`.
 */
export function bookmarkView(axes, maxZoom, b, w, h) {
  const plane = makePlane({ x0: axes.x.log10[0], x1: axes.x.log10[1], y0: axes.y.log10[0], y1: axes.y.log10[1] });
  const [u0, u1] = b.x.map((s) => Math.log10(Number(s)));
  const [v0, v1] = b.y.map((s) => Math.log10(Number(s)));
  const cx = fixedFromLog10(plane, 'x', (u0 + u1) / 2);
  const cy = fixedFromLog10(plane, 'y', (v0 + v1) / 2);
  const span = Math.max((u1 - u0) / w, (v1 - v0) / h) * TILE; // decades per tile wanted
  const z = Math.floor(Math.log2(spanX(plane) / span));
  return { z: Math.max(0, Math.min(maxZoom, z)), cx, cy };
}

/** Number of tiles a w x h map centred on fixed (cx, cy) at zoom z shows (inside the plane). */
export function tilesInView(z, cx, cy, w, h) {
  const n = 2 ** z;
  const along = (c, size) => {
    const px = Number(c / unitsPerPixel(z)) + Number(c % unitsPerPixel(z)) / 2 ** (FZ - z);
    const lo = Math.max(0, Math.floor((px - size / 2) / TILE));
    const hi = Math.min(n - 1, Math.floor((px + size / 2 - 1e-9) / TILE));
    return Math.max(0, hi - lo + 1);
  };
  return along(cx, w) * along(cy, h);
}

/**
 * Whether tiles are computed on a CPU, from GET /healthz: the API process itself in embedded
 * mode, else its workers (every one reporting a `cpu` backend). False when unknown.
 */
export function computesOnCpu(health) {
  if (!health) return false;
  if (health.mode === 'embedded') return health.backend === 'cpu';
  const workers = health.worker_numerics || [];
  return workers.length > 0 && workers.every((w) => String(w).startsWith('cpu'));
}

/** The CPU preset that is one colour in every figure window (checked with `trainscape render`). */
export const QUICK_PRESET = 'tanh-quick';

/**
 * The sentences of the "this costs minutes on a CPU" question before opening bookmark `b` of
 * preset `exp` from the experiment in view, `current` ({id, title}; custom ones included).
 */
export function cpuCostText(exp, b, tiles, current = null) {
  const c = exp.config || {};
  const steps = b.steps ?? exp.steps;
  const net = `width ${c.width}, ${steps} steps`;
  const where = `“${exp.title}: ${b.title}”`;
  let first;
  if (!current || current.id === bookmarkExperiment(b, exp.id)) {
    first = `${where} is a window on this net's boundary (${net}).`;
  } else if (current.id.split('@', 1)[0] === QUICK_PRESET) {
    first = `${where} is a window on that net's boundary (${net}); the quick preset shown now is `
      + 'one colour there (no boundary), so the window opens in that net.';
  } else {
    first = `${where} is a window on that net's boundary (${net}), so it opens in that net instead `
      + `of the experiment shown now (${current.title}).`;
  }
  return [
    first,
    `This server computes tiles on its CPU (no GPU): the view needs ${tiles} tile${tiles === 1 ? '' : 's'} `
      + `of 256 × 256 runs × ${steps} steps, minutes each. A 64 × 64 preview of each `
      + 'comes first; the badge counts the tiles still computing.',
  ];
}

/** A preset whose measure tile costs more than this many times the default preset's
 * (`cost.tile` of GET /api/experiments) makes the Experiment menu ask first on a CPU server. */
export const COSTLY_RATIO = 4;
/** Seconds one `tanh-quick` tile takes on the 2-core development CPU (README: 4.4–4.8 s). */
export const QUICK_TILE_S = 5;

/** How many times the default preset's tile a tile of `exp` costs, or null if unknown (pure). */
export function tileCostRatio(exp, list, defaultId) {
  const quick = list.find((e) => e.id === defaultId);
  const a = exp && exp.cost && Number(exp.cost.tile);
  const b = quick && quick.cost && Number(quick.cost.tile);
  return a > 0 && b > 0 ? a / b : null;
}

/** A duration in words, rounded: "20 s", "4 min" (pure). */
export const aboutTime = (s) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/**
 * The sentences of the question before the Experiment menu opens preset `exp`, whose tile costs
 * `ratio` × one of the default preset `quickId`, in a view of `tiles` tiles (pure).
 */
export function menuCostText(exp, ratio, tiles, quickId) {
  const c = exp.config || {};
  const each = aboutTime(ratio * QUICK_TILE_S);
  const times = ratio < 10 ? ratio.toFixed(1) : String(Math.round(ratio));
  return [
    `“${exp.title}” trains a ${c.activation} net of width ${c.width} for ${exp.steps} steps per pixel:`
      + ` one 256 × 256 tile is about ${times}× the work of a ${quickId} tile.`,
    `This server computes tiles on its CPU (no GPU): the view needs ${tiles} tile${tiles === 1 ? '' : 's'},`
      + ` about ${each} each on a 2-core CPU. A 64 × 64 preview of each comes first;`
      + ' the badge counts the tiles still computing. Fewer Steps are faster.',
  ];
}

/** The "Go to" menu's label of bookmark `b` of preset `exp`: short, "tanh — fig. window". */
export function bookmarkLabel(exp, b) {
  return `${exp.id} — ${b.title.replace(/^paper figure\b/i, 'fig.')}`;
}

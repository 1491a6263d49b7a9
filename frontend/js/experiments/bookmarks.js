// Pure: the paper's figure windows as views and as the Go to menu's labels (what opening one
// costs where tiles are computed on a CPU: cost.js).
//
// A bookmark ({title, x: [lo, hi], y: [lo, hi], steps, experiment}, linear hyperparameter values
// from GET /api/experiments) names the experiment whose net it was chosen on, steps included
// (`tanh-minibatch@1000`): its boundary is there only for that net.

import { TILE } from '../core/frame.js';
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

/** The "Go to" menu's label of bookmark `b` of preset `exp`: short, "tanh — fig. window". */
export function bookmarkLabel(exp, b) {
  return `${exp.id} — ${b.title.replace(/^paper figure\b/i, 'fig.')}`;
}

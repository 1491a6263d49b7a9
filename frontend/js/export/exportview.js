// Pure helpers of the view export: the PNG's filename, why it cannot be saved yet, and the
// `trainscape render` command line that renders the same window from the command line.

import { coverWait } from '../analysis/dimension.js';
import { toDecimalString } from '../core/exact.js';
import { FZ } from '../core/frame.js';
import { log10X, log10Y } from '../core/plane.js';

/** `trainscape render --size/--height` bounds (server/trainscape/cli/engine_cmds.py). */
export const MIN_RENDER_SIZE = 16;
export const MAX_RENDER_SIZE = 4096;
/** Custom experiments' ids (server/trainscape/experiments/presets.py CUSTOM_ID): `c` + hash. */
export const CUSTOM_ID = /^c[0-9a-f]{20}$/;
/** `name@steps` (presets.py _STEPS_SUFFIX): the id carries its step count. */
const STEPS_SUFFIX = /^([a-z0-9-]+)@([0-9]{1,6})$/;

/**
 * Exact log10 window {x0, x1, y0, y1} (decimal strings; y1 is the top) of a rectangle of whole
 * pixels, `rect` = {z, px, py (BigInt global pixel of its top-left), w, h} (tilestitch.js
 * visibleRect). Its edges are pixel edges, so a w x h grid over it has the tiles' own pixel
 * centres: `trainscape render` over this window computes exactly the runs the tiles show.
 */
export function rectWindow(plane, rect) {
  const fixed = (p) => BigInt(p) * 2n ** BigInt(FZ - rect.z); // pixel edge -> fixed coordinate
  const s = (r) => toDecimalString(r, 400);
  return {
    x0: s(log10X(plane, fixed(rect.px))),
    x1: s(log10X(plane, fixed(rect.px + BigInt(rect.w)))),
    y0: s(log10Y(plane, fixed(rect.py + BigInt(rect.h)))),
    y1: s(log10Y(plane, fixed(rect.py))),
  };
}

/**
 * Download name of the view's PNG: `trainscape-<id>-z<zoom>[-<layer>][-step<k>][-<colormap>].png`
 * (a layer other than measure, a training step other than the last, and the colours shown), the
 * parts made filename-safe.
 */
export function pngFilename(id, z, { layer = 'measure', step = null, cmap = null } = {}) {
  const safe = (v) => String(v).replace(/[^A-Za-z0-9@._-]+/g, '_').replace(/^[.]+/, '');
  const parts = [`trainscape-${safe(id) || 'view'}`, `z${z}`];
  if (layer && layer !== 'measure') parts.push(safe(layer));
  if (step) parts.push(`step${Number(step)}`);
  if (cmap) parts.push(safe(cmap));
  return `${parts.join('-')}.png`;
}

/** Why the view cannot be saved as a PNG yet, or null. `t`: {rect, cover} (tilestitch). */
export function pngUnavailable(t) {
  if (!t.rect) return 'No part of the plane is in view: nothing to save.';
  return coverWait(t.cover, 'save');
}

const clampSize = (n) => Math.min(MAX_RENDER_SIZE, Math.max(MIN_RENDER_SIZE, Math.round(n)));

/** --size (width) and --height of the render of a w x h px view: the view's own pixel grid
 * (the same aspect), each side within 16..4096. */
export function renderSize(w, h) {
  return { width: clampSize(w), height: clampSize(h) };
}

/**
 * The `trainscape render` command for a view: {text, runnable}. `v`: {id, steps (the
 * experiment's), step (the Step slider's checkpoint or null), window ({x0, x1, y0, y1}, exact
 * log10 strings), w, h (the visible rectangle)}. The measure after `step` steps is the measure
 * of a `step`-step run, so a checkpoint becomes the step count. Custom experiments live on the
 * server only: the CLI cannot resolve their ids.
 */
export function renderCommand(v) {
  if (CUSTOM_ID.test(v.id)) {
    return { text: 'custom experiments: use the API (the CLI resolves preset ids only)', runnable: false };
  }
  const m = STEPS_SUFFIX.exec(v.id);
  let experiment = v.id;
  let stepsArg = ` --steps ${v.step || v.steps}`;
  if (m) {
    experiment = v.step ? `${m[1]}@${v.step}` : v.id;
    stepsArg = '';
  }
  const win = [v.window.x0, v.window.x1, v.window.y0, v.window.y1].join(' ');
  const { width, height } = renderSize(v.w, v.h);
  const size = width === height ? `--size ${width}` : `--size ${width} --height ${height}`;
  return { text: `trainscape render ${experiment} --window ${win} ${size}${stepsArg} -o view.png`, runnable: true };
}

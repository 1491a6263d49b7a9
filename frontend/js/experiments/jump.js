// The bookmarks menu's jump: a paper figure window in its own experiment (steps included), as one
// history entry; where tiles are computed on a CPU, a dialog first says what that costs (the same
// dialog asks before the Experiment menu opens a much dearer preset: switching.js).

import { getHealth } from '../core/api.js';
import { bookmarkExperiment, bookmarkView, computesOnCpu, cpuCostText, tilesInView } from './bookmarks.js';
import { toPixelString } from '../core/frame.js';

/** The cost dialog's title for a bookmark. */
const WINDOW_TITLE = "This window needs the paper's net";

let cpu = null;

/**
 * Whether this server computes tiles on a CPU (GET /healthz, asked once and remembered: asked
 * later, it would queue behind the tile requests that fill the browser's connections, and the
 * dialog would open seconds late). Unknown (no answer): false, so nothing asks.
 */
export async function onCpu() {
  if (cpu === null) {
    try { cpu = computesOnCpu(await getHealth()); } catch { return false; }
  }
  return cpu;
}

/**
 * True unless tiles are computed on a CPU (GET /healthz; unknown: do not ask) and the user
 * declines in the cost dialog, titled `title`, that says `lines` (sentences).
 */
export async function affordable($, title, lines) {
  if (!(await onCpu())) return true;
  const dialog = $('costly');
  $('costly-title').textContent = title;
  $('costly-text').textContent = lines.join(' ');
  dialog.returnValue = '';
  dialog.showModal();
  $('costly-open').focus();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  return dialog.returnValue === 'open';
}

/**
 * The jump for bookmark values "preset|index". `deps`: {$, state, view, openExperiment(id, v,
 * push), writeUrl(push)} of the page.
 */
export function bookmarkJump({ $, state, view, openExperiment, writeUrl }) {
  return async function goToBookmark(value) {
    const [pid, i] = value.split('|');
    const preset = state.list.find((e) => e.id === pid);
    const b = preset.bookmarks[Number(i)];
    const id = bookmarkExperiment(b, pid);
    const s = view.map.getSize();
    const at = bookmarkView(preset.axes, preset.max_zoom, b, s.x, s.y);
    const current = state.exp ? { id: state.id, title: state.exp.title } : null;
    const tiles = tilesInView(at.z, at.cx, at.cy, s.x, s.y);
    if (!(await affordable($, WINDOW_TITLE, cpuCostText(preset, b, tiles, current)))) return;
    if (id === state.id) {
      view.setView(at.z, at.cx, at.cy);
      writeUrl(true);
      return;
    }
    const v = { z: at.z, x: toPixelString(at.cx, at.z), y: toPixelString(at.cy, at.z), cmap: state.cmap, pins: [] };
    await openExperiment(id, v, Boolean(state.exp)); // from a failed first load: no entry to return to
  };
}

// The bookmarks menu's jump: a paper figure window in its own experiment (steps included), as one
// history entry; where tiles are computed on a CPU, a dialog first says what that costs.

import { getHealth } from './api.js';
import { bookmarkExperiment, bookmarkView, computesOnCpu, cpuCostText, tilesInView } from './bookmarks.js';
import { toPixelString } from './frame.js';

/**
 * The jump for bookmark values "preset|index". `deps`: {$, state, view, openExperiment(id, v,
 * push), writeUrl(push)} of the page.
 */
export function bookmarkJump({ $, state, view, openExperiment, writeUrl }) {
  /** True unless tiles are computed on a CPU and the user declines the cost of `tiles` tiles. */
  async function affordable(preset, b, tiles) {
    let health = null;
    try { health = await getHealth(); } catch { /* unknown: do not ask */ }
    if (!computesOnCpu(health)) return true;
    const dialog = $('costly');
    const current = { id: state.id, title: state.exp ? state.exp.title : state.id };
    $('costly-text').textContent = cpuCostText(preset, b, tiles, current).join(' ');
    dialog.returnValue = '';
    dialog.showModal();
    $('costly-open').focus();
    await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    return dialog.returnValue === 'open';
  }

  return async function goToBookmark(value) {
    const [pid, i] = value.split('|');
    const preset = state.list.find((e) => e.id === pid);
    const b = preset.bookmarks[Number(i)];
    const id = bookmarkExperiment(b, pid);
    const s = view.map.getSize();
    const at = bookmarkView(preset.axes, preset.max_zoom, b, s.x, s.y);
    if (!(await affordable(preset, b, tilesInView(at.z, at.cx, at.cy, s.x, s.y)))) return;
    if (id === state.id) {
      view.setView(at.z, at.cx, at.cy);
      writeUrl(true);
      return;
    }
    const v = { z: at.z, x: toPixelString(at.cx, at.z), y: toPixelString(at.cy, at.z), cmap: state.cmap, pins: [] };
    await openExperiment(id, v, true);
  };
}

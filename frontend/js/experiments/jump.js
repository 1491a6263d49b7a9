// The bookmarks menu's jump: a paper figure window in its own experiment (steps included), as one
// history entry; where tiles are computed on a CPU, the cost dialog first says what that costs
// (cost.js bookmarkQuestion; ui/costdialog.js).

import { toPixelString } from '../core/frame.js';
import { affordable } from '../ui/costdialog.js';
import { bookmarkExperiment, bookmarkView } from './bookmarks.js';
import { bookmarkQuestion, tilesInView } from './cost.js';

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
    if (!(await affordable($, bookmarkQuestion(preset, b, tiles, current)))) return;
    if (id === state.id) {
      view.setView(at.z, at.cx, at.cy);
      writeUrl(true);
      return;
    }
    const v = { z: at.z, x: toPixelString(at.cx, at.z), y: toPixelString(at.cy, at.z), cmap: state.cmap, pins: [] };
    await openExperiment(id, v, Boolean(state.exp)); // from a failed first load: no entry to return to
  };
}

/** Wire the Go to menu: a choice jumps (`deps` as bookmarkJump's), and the menu shows its title again. */
export function wireBookmarkMenu(deps) {
  const jump = bookmarkJump(deps);
  deps.$('bookmarks').addEventListener('change', (e) => { if (e.target.value) jump(e.target.value); e.target.value = ''; });
}

// Export the view: *Save PNG* downloads the visible map area exactly as the tile canvases show it
// (one tile pixel = one screen pixel at the map's zoom), and *Render this view* shows the
// `trainscape render` command for the same window.

import { pngFilename, pngUnavailable, rectWindow, renderCommand } from './exportview.js';
import { TILE } from '../core/frame.js';
import { coveringRecords, visibleRect } from '../map/tilestitch.js';

/**
 * Wire the Save PNG button and the render-command disclosure. `ctx`: {$, state, view, tiles,
 * flash}. Returns {refresh()}: call it when the view or the experiment changed.
 */
export function wireExport({ $, state, view, tiles, flash }) {
  const els = { save: $('save-png'), box: $('render'), cmd: $('render-cmd'), copy: $('render-copy'), note: $('render-note') };
  const refresh = () => { if (els.box.open && state.exp) showCommand(els, state, view); };
  els.save.addEventListener('click', () => savePng(els.save, state, view, tiles, flash));
  els.box.addEventListener('toggle', refresh);
  els.copy.addEventListener('click', async () => {
    refresh();
    const text = els.cmd.textContent;
    try {
      await navigator.clipboard.writeText(text);
      flash('Command copied');
    } catch {
      window.prompt('Copy this command:', text);
    }
  });
  return { refresh };
}

/** The visible rectangle and the tile records covering it. */
function coverage(view, tiles) {
  const rect = visibleRect(view.anchor, view.local, view.map.getPixelBounds());
  const cover = rect && coveringRecords(tiles.records, view.local, rect);
  if (cover) {
    // a ready tile not painted yet (its colours are one frame away) is still loading
    const unpainted = cover.tiles.filter((r) => !r.image).length;
    cover.tiles = cover.tiles.filter((r) => r.image);
    cover.loading += unpainted;
  }
  return { rect, cover };
}

/** One w x h canvas holding the tile canvases' pixels inside `rect`, copied exactly. */
function compose(records, rect) {
  const out = document.createElement('canvas');
  out.width = rect.w;
  out.height = rect.h;
  const ctx = out.getContext('2d');
  for (const r of records) {
    const img = r.canvas.getContext('2d').getImageData(0, 0, TILE, TILE);
    const dx = r.coords.x * TILE - rect.lx;
    const dy = r.coords.y * TILE - rect.ly;
    ctx.putImageData(img, dx, dy); // a copy: no blending, no scaling; clipped to `out`
  }
  return out;
}

function savePng(button, state, view, tiles, flash) {
  if (!state.exp) return;
  const t = coverage(view, tiles);
  const why = pngUnavailable(t);
  const d = button.dataset;
  if (why) {
    d.state = 'refused';
    flash(why);
    return;
  }
  const { rect } = t;
  const name = pngFilename(state.id, rect.z, { layer: state.layer, step: state.step, cmap: state.cmap });
  const canvas = compose(t.cover.tiles, rect);
  Object.assign(d, { state: 'encoding', z: String(rect.z), px: String(rect.px), py: String(rect.py), w: String(rect.w), h: String(rect.h), file: name });
  canvas.toBlob((blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    d.state = 'saved';
    flash(`Saved ${name} (${rect.w} × ${rect.h} px)`);
  }, 'image/png');
}

function showCommand(els, state, view) {
  const rect = visibleRect(view.anchor, view.local, view.map.getPixelBounds());
  if (!rect) {
    setCommand(els.cmd, 'no part of the plane is in view');
    els.cmd.dataset.runnable = 'false';
    els.copy.disabled = true;
    return;
  }
  const win = rectWindow(state.plane, rect);
  const c = renderCommand({
    id: state.id, steps: state.exp.steps, step: state.step, window: win, w: rect.w, h: rect.h,
  });
  setCommand(els.cmd, c.text);
  els.cmd.dataset.runnable = String(c.runnable);
  els.copy.disabled = !c.runnable;
  els.note.hidden = !c.runnable;
  Object.assign(els.cmd.dataset, win, {
    z: String(rect.z), px: String(rect.px), py: String(rect.py), w: String(rect.w), h: String(rect.h),
  });
}

/** Show a command with one span per word: flags stay whole, long numbers wrap anywhere. */
function setCommand(el, text) {
  el.replaceChildren();
  text.split(' ').forEach((word, i) => {
    const span = document.createElement('span');
    span.className = word.length > 24 ? 'word long' : 'word';
    span.textContent = word;
    el.append(...(i ? [' ', span] : [span]));
  });
}

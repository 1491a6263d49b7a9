// The page's URL: the view it shows (experiment, zoom, exact centre, colours, layer, step, pins),
// written on every change (core/permalink.js encodes it) as one history entry per navigation,
// read back on load and on Back/Forward, and copied by the Share button.

import { toPixelString } from './frame.js';
import { decodeView, encodeView } from './permalink.js';

/**
 * The URL kept in step with the page. `page`: {state, view, pins, written() (after each write:
 * what shows the view's window follows)}. Returns {currentView(), write(push), read(), share(flash)}.
 */
export function createUrlState({ state, view, pins, written }) {
  /** The view shown, as permalink.js encodes it. */
  function currentView() {
    return {
      e: state.id, z: view.z, x: toPixelString(view.centre.x, view.z), y: toPixelString(view.centre.y, view.z),
      cmap: state.cmap, lock: state.lock, layer: state.layer, step: state.step,
      pins: pins.items.map(({ z, px, py }) => ({ z, px, py })),
    };
  }

  /** Put the view in the URL: a new history entry with `push`, else replacing the current one. */
  function write(push) {
    if (!state.exp) return;
    written();
    const url = encodeView(currentView());
    if (url === location.search) return;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  /** The URL's view and the fields it got wrong: {view, errors} (permalink.js decodeView). */
  const read = () => decodeView(location.search);

  /** Copy the URL (the exact view) to the clipboard, or show it to copy by hand. */
  async function share(flash) {
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      flash('Link copied');
    } catch {
      window.prompt('Copy this link to share the exact view:', url);
    }
  }

  return { currentView, write, read, share };
}

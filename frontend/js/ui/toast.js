// The toast: a short message over the map (a copied link, a tile error, what a link left out),
// gone after a few seconds or replaced by the next.

/** Seconds a toast stays. */
export const TOAST_S = 5;

/** The page's `flash(text)`: show `text` in element `el` for TOAST_S seconds. */
export function toaster(el) {
  let timer = null;
  return function flash(text) {
    el.hidden = false;
    el.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(() => { el.hidden = true; }, TOAST_S * 1000);
  };
}

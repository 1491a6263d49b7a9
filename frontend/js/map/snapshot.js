// The imagery kept on screen while the deep-zoom frame is re-anchored.
//
// Re-anchoring (frame.js) takes the tile layer off and puts a fresh one on in the new frame, so
// every tile canvas goes at once. Just before, `take` draws the canvases the map shows (the
// current zoom's tiles, the previous zoom's scaled ones Leaflet keeps under them, and any older
// snapshot) into one canvas the size of the map; `show` puts it back at the same exact position
// in the new frame, in a pane under the tiles, where it pans and zoom-animates like a tile level.
// New tiles then appear over it one by one (a placeholder's hatch is translucent), as after a
// plain zoom. It goes once every tile covering the view shows values (a preview or the full
// tile) or has failed, when the zoom moves more than MAX_LEVELS away, or after SAFETY_MS.

import { coveringTiles, visibleRect } from './tilestitch.js';

/** The pane (under Leaflet's tile pane, z-index 200) and the snapshot canvas's class. */
export const PANE = 'ts-snapshot';
const PANE_Z = '150';
/** The snapshot goes after this long even if the tiles in view never arrive. */
export const SAFETY_MS = 60000;
/** ... or when the map is this many zoom levels away from it (Leaflet keeps 5 parent levels). */
export const MAX_LEVELS = 5;

/**
 * Pure: which canvases to draw, where and in what order. `box`: the map's client rect;
 * `items`: [{rect (a client rect), layer (stacking group, lowest drawn first), z (z-index within
 * it, NaN when none)}] in DOM order. Returns [{i (index into items), x, y, w, h}] relative to the
 * box, bottom first (by layer, then z-index, then DOM order), without those outside the box.
 */
export function drawPlan(box, items) {
  const plan = [];
  items.forEach((it, i) => {
    const { left, top, width: w, height: h } = it.rect;
    const x = left - box.left;
    const y = top - box.top;
    if (w <= 0 || h <= 0 || x >= box.width || y >= box.height || x + w <= 0 || y + h <= 0) return;
    plan.push({ i, x, y, w, h, key: [it.layer, Number.isFinite(it.z) ? it.z : 0, i] });
  });
  const order = (a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2];
  return plan.sort(order).map(({ key, ...d }) => d);
}

/** Pure: whether a tile record (tilelayer.js) shows something: painted values, or a failure. */
export const tileShown = (r) => r.state === 'error'
  || ((r.state === 'ready' || r.state === 'preview') && Boolean(r.data) && Boolean(r.image));

/**
 * Pure: whether every tile covering the view (Leaflet pixel `bounds` at local zoom l of frame
 * `anchor`, clipped to the plane) is shown by one of `records`. True when no plane is in view.
 */
export function viewShown(records, anchor, l, bounds) {
  const rect = visibleRect(anchor, l, bounds);
  if (!rect) return true;
  const shown = new Set();
  for (const r of records) {
    if (r.coords.z === l && tileShown(r)) shown.add(`${r.coords.x}:${r.coords.y}`);
  }
  return coveringTiles(rect).every((t) => shown.has(`${t.x}:${t.y}`));
}

/** Draw the canvases under `roots` (stacking groups, bottom first) as the map shows them. */
function compose(container, size, roots) {
  const box = container.getBoundingClientRect();
  const canvases = [];
  const items = [];
  roots.forEach((root, layer) => {
    if (!root) return;
    for (const c of root.querySelectorAll('canvas')) {
      canvases.push(c);
      const z = parseInt(c.parentElement.style.zIndex, 10);
      items.push({ rect: c.getBoundingClientRect(), layer, z });
    }
  });
  const out = document.createElement('canvas');
  out.width = size.x;
  out.height = size.y;
  out.className = 'ts-snapshot';
  const ctx = out.getContext('2d');
  ctx.imageSmoothingEnabled = false; // tiles are drawn pixelated; scaled ones stay so
  for (const d of drawPlan(box, items)) {
    const c = canvases[d.i];
    ctx.filter = getComputedStyle(c).filter; // a preview's CSS filter (.ts-preview), or 'none'
    ctx.drawImage(c, d.x, d.y, d.w, d.h);
  }
  return out;
}

/** A Leaflet layer showing `canvas` over the latlng rectangle with corners a, b. */
function canvasLayer(L, canvas, a, b) {
  const Layer = L.Layer.extend({
    options: { pane: PANE },
    onAdd() {
      canvas.classList.add(`leaflet-zoom-${this._zoomAnimated ? 'animated' : 'hide'}`);
      this.getPane().appendChild(canvas);
      this._reset();
    },
    onRemove() { canvas.remove(); },
    getEvents() {
      const ev = { zoom: this._reset, viewreset: this._reset };
      if (this._zoomAnimated) ev.zoomanim = this._animateZoom;
      return ev;
    },
    _reset() {
      const m = this._map;
      const box = L.bounds(m.latLngToLayerPoint(a), m.latLngToLayerPoint(b));
      L.DomUtil.setPosition(canvas, box.min);
      const size = box.getSize();
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    },
    /** Follow a zoom animation as Leaflet's image overlays do (CSS transition on transform). */
    _animateZoom(e) {
      const m = this._map;
      const p = m._latLngToNewLayerPoint(a, e.zoom, e.center);
      const q = m._latLngToNewLayerPoint(b, e.zoom, e.center);
      L.DomUtil.setTransform(canvas, L.bounds(p, q).min, m.getZoomScale(e.zoom));
    },
  });
  return new Layer();
}

/**
 * The snapshot of one map. `shown()` says whether the tiles covering the view all show something
 * (see viewShown); `check()` drops the snapshot when they do.
 */
export class Snapshot {
  constructor(L, map, shown) {
    Object.assign(this, { L, map, shown });
    const pane = map.createPane(PANE);
    pane.style.zIndex = PANE_Z;
    pane.style.pointerEvents = 'none';
    this._taken = null; // {canvas, corners} between take() and show()
    this._layer = null;
    this._zoom = null;
    this._timer = null;
  }

  /** Whether a snapshot is on the map. */
  get active() { return this._layer !== null; }

  /**
   * Before the frame changes: draw what the map shows of `layerEl` (Leaflet's tile layer
   * container; any snapshot on the map goes under it) into one canvas, to be shown again at
   * `corners` ({tl, br}: exact fixed positions of the map's corners). Drops any snapshot on the
   * map.
   */
  take(layerEl, corners) {
    const m = this.map;
    const canvas = compose(m.getContainer(), m.getSize(), [m.getPane(PANE), layerEl]);
    this.clear();
    this._taken = { canvas, corners };
  }

  /** After the frame changed: show the taken canvas, `latLngOf(fixed)` placing its corners. */
  show(latLngOf) {
    const t = this._taken;
    this._taken = null;
    if (!t) return;
    this._layer = canvasLayer(this.L, t.canvas, latLngOf(t.corners.tl), latLngOf(t.corners.br));
    this._layer.addTo(this.map);
    this._zoom = this.map.getZoom();
    this._timer = setTimeout(() => this.clear(), SAFETY_MS);
    this.check();
  }

  /** Drop the snapshot when the tiles in view all show something or the zoom moved far. */
  check() {
    if (!this._layer) return;
    if (Math.abs(this.map.getZoom() - this._zoom) > MAX_LEVELS || this.shown()) this.clear();
  }

  /** Drop the snapshot (and one taken but not shown). */
  clear() {
    this._taken = null;
    clearTimeout(this._timer);
    this._timer = null;
    if (this._layer) this._layer.remove();
    this._layer = null;
  }
}

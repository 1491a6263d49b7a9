// The map view: Leaflet in a re-anchored local frame, with the exact view centre kept as BigInt.
//
// Leaflet works in local pixels (see frame.js). After every move the exact centre is advanced by
// the pixels Leaflet actually moved (so a 1-px pan is exactly one global pixel at any depth), and
// the frame is re-anchored when the local zoom leaves its band.

import {
  chooseAnchor, clampFixed, fromLocal, localPoint, moveBy, needsReanchor,
} from '../core/frame.js';

export class MapView {
  /**
   * hooks: onMoveEnd(), onMove(), onClick(pos, z), onPointer(pos|null, z), and around a change of
   * frame (or a forced one) beforeReanchor({keep}) then onReanchor(): take layers off, put them
   * back. beforeReanchor runs while Leaflet still shows the old frame (window() describes it);
   * `keep` says the map will show the same pixels again (same zoom, not forced, no zoom
   * animation running), so what it shows now may stay on screen until the new tiles arrive.
   */
  constructor(L, element, hooks) {
    this.L = L;
    this.hooks = hooks;
    this.maxzoom = 0;
    this.anchor = { base: 0, ax: 0n, ay: 0n };
    this.centre = { x: 0n, y: 0n };
    this.z = 0;
    const crs = L.extend({}, L.CRS.Simple, { transformation: new L.Transformation(1, 0, 1, 0) });
    this.map = L.map(element, {
      crs, minZoom: 0, maxZoom: 0, zoomSnap: 1, zoomDelta: 1, attributionControl: false,
      keyboardPanDelta: 64, fadeAnimation: false, keyboard: false,
    });
    this.map.addHandler('keyboard', oneLevelKeys(L, (d, repeat) => this.zoomKey(d, repeat)));
    this.map.keyboard.enable();
    this._silent = false;
    this._keyTarget = null; // global zoom the zoom keys head for, until the map is there
    this._keyZooming = false; // a zoom started by zoomKey has not ended (moveend) yet
    this.map.on('moveend', () => this._moveEnd());
    this.map.on('move', () => this.hooks.onMove());
    this.map.on('click', (e) => this.hooks.onClick(this._fixedAt(e.latlng), this.z));
    this.map.on('mousemove', (e) => this.hooks.onPointer(this._fixedAt(e.latlng), this.z));
    this.map.on('mouseout', () => this.hooks.onPointer(null, this.z));
  }

  /** Local zoom Leaflet is at. */
  get local() { return this.map.getZoom(); }

  /**
   * Jump to global zoom z centred on the exact fixed position (cx, cy), without animation.
   * onReanchor runs when the frame's anchor changed, or always with `force` (new tiles).
   */
  setView(z, cx, cy, force = false) {
    this._keyTarget = null; // a jump ends what the zoom keys asked for
    this._keyZooming = false;
    this._setView(z, cx, cy, force);
  }

  _setView(z, cx, cy, force = false) {
    this.z = Math.max(0, Math.min(this.maxzoom, z));
    this.centre = { x: clampFixed(cx), y: clampFixed(cy) };
    const old = this.anchor;
    const next = chooseAnchor(this.z, this.centre.x, this.centre.y);
    const moved = old.base !== next.base || old.ax !== next.ax || old.ay !== next.ay;
    if (moved || force) {
      const keep = !force && !this.map._animatingZoom && old.base + this.local === this.z;
      this.hooks.beforeReanchor({ keep });
    }
    this.anchor = next;
    const l = this.z - this.anchor.base;
    this._silent = true;
    try {
      this.map.setMinZoom(0);
      this.map.setMaxZoom(this.maxzoom - this.anchor.base);
      const p = localPoint(this.anchor, this.centre, 0);
      this.map.setView([p.y, p.x], l, { reset: true, animate: false });
    } finally {
      this._silent = false;
    }
    this._ref = { l, grid: this._gridCentre() };
    if (moved || force) this.hooks.onReanchor();
  }

  /** Leaflet's displayed centre in local pixels (pixel origin + half the size: what tiles use). */
  _gridCentre() {
    const m = this.map;
    return m.getPixelOrigin().add(m.containerPointToLayerPoint(m.getSize().divideBy(2)));
  }

  _moveEnd() {
    if (this._silent) return;
    const l = this.local;
    let c;
    if (l === this._ref.l) {
      const g = this._gridCentre();
      c = { x: moveBy(this.centre.x, g.x - this._ref.grid.x, this.z), y: moveBy(this.centre.y, g.y - this._ref.grid.y, this.z) };
    } else {
      const p = this.map.project(this.map.getCenter(), l);
      this.z = this.anchor.base + l;
      c = { x: fromLocal(this.anchor, p.x, this.anchor.ax, l), y: fromLocal(this.anchor, p.y, this.anchor.ay, l) };
    }
    // The centre may not leave the plane: clamp it, and re-sync Leaflet when that moved it.
    this.centre = { x: clampFixed(c.x), y: clampFixed(c.y) };
    if (this.centre.x !== c.x || this.centre.y !== c.y || needsReanchor(this.anchor, this.z)) {
      this._setView(this.z, this.centre.x, this.centre.y);
    } else {
      this._ref = { l, grid: this._gridCentre() };
    }
    this.hooks.onMoveEnd();
    this._keyZooming = false;
    this._zoomTowardsKeys();
  }

  /**
   * A zoom key: one level in (d = 1) or out (d = -1), every press counted. Leaflet ignores a zoom
   * asked while one animates, so presses move a target zoom (clamped to [0, maxzoom]) that the map
   * reaches one level per zoom, each ending as a single press's does (re-anchoring the frame when
   * it leaves its band). A held key's auto-repeat does not queue levels ahead of the animation.
   */
  zoomKey(d, repeat = false) {
    if (repeat && this._keyTarget !== null) return;
    const from = this._keyTarget ?? this.z;
    this._keyTarget = Math.max(0, Math.min(this.maxzoom, from + d));
    this._zoomTowardsKeys();
  }

  /** Start the next one-level zoom towards the keys' target, unless a zoom is running. */
  _zoomTowardsKeys() {
    const t = this._keyTarget;
    if (t === null || this._keyZooming || this.map._animatingZoom) return;
    const l = this.local + Math.sign(t - this.z);
    if (t === this.z || l < this.map.getMinZoom() || l > this.map.getMaxZoom()) {
      this._keyTarget = null;
      return;
    }
    this._keyZooming = true;
    this.map.setZoom(l);
  }

  /** Fixed position {x, y} of a Leaflet latlng in the current frame. */
  _fixedAt(latlng) {
    const l = this.local;
    const p = this.map.project(latlng, l);
    return { x: fromLocal(this.anchor, p.x, this.anchor.ax, l), y: fromLocal(this.anchor, p.y, this.anchor.ay, l) };
  }

  /** Leaflet latlng of a fixed position (for markers). */
  latLngOf(pos) {
    const p = localPoint(this.anchor, pos, 0);
    return this.L.latLng(p.y, p.x);
  }

  /** The displayed window: fixed positions of its top-left and bottom-right corners, and size. */
  window() {
    const m = this.map;
    const size = m.getSize();
    const tl = this._fixedAt(m.containerPointToLatLng([0, 0]));
    const br = this._fixedAt(m.containerPointToLatLng([size.x, size.y]));
    return { tl, br, w: size.x, h: size.y, z: this.z };
  }

  /** Pan by whole screen pixels without animation. */
  panBy(dx, dy) { this.map.panBy([dx, dy], { animate: false }); }
}

/**
 * Leaflet's keyboard handler, except that a zoom key calls `zoomKey(±1, repeat)`: exactly one
 * level per press. Leaflet zooms 3 levels while Shift is held, and `+` is Shift+= on most layouts
 * (Shift still pans 3x as far with the arrows).
 */
function oneLevelKeys(L, zoomKey) {
  return L.Map.Keyboard.extend({
    _onKeyDown(e) {
      const zoom = this._zoomKeys[e.keyCode];
      if (zoom === undefined || e.altKey || e.ctrlKey || e.metaKey) {
        L.Map.Keyboard.prototype._onKeyDown.call(this, e);
        return;
      }
      zoomKey(Math.sign(zoom), e.repeat);
      L.DomEvent.stop(e);
    },
  });
}

// A Leaflet grid layer of raw .npy tiles drawn on canvases, addressed through the deep-zoom frame.
//
// Leaflet asks for local tiles (z, x, y); `frame.globalTile` turns them into the server's global
// addresses. Each tile keeps its raw values so the page can recolour without refetching. Tiles that
// are not ready show a placeholder and are retried after Retry-After; a preview (64 x 64) is drawn
// upscaled and replaced when the full tile is ready; a re-request sends the preview's ETag, and a
// 304 (preview unchanged) keeps what is drawn. Tiles that leave the view abort their request.
//
// Leaflet keeps the previous zoom's tiles (scaled) until the tiles replacing them report `done`,
// so a tile reports done only once it has something to show (a preview or the full tile) or has
// failed, never for a "still computing" answer: the old imagery stays under the placeholder.
//
// Every request names the view and the tile's rank in it (priority.js), so the server computes
// the tiles in view first, from the centre of the screen out.
//
// At most MAX_TILE_REQUESTS tile requests are in flight (requestqueue.js), the others wait, the
// best-ranked first: while tiles compute each request is a long-poll, and the browser's 6
// connections per host must keep one free for a click's run or an experiment switch. A tile this
// page has seen ready is in the HTTP cache (immutable) and skips the queue.

import { fetchTile } from '../core/api.js';
import { globalTile, planeLocalBounds, tileInPlane } from '../core/frame.js';
import { MAX_RANK, ViewHints, pageToken, tileRank } from './priority.js';
import { RequestQueue } from './requestqueue.js';

/** Tile requests in flight at once, for all the page's tile layers together. */
export const MAX_TILE_REQUESTS = 4;
const requests = new RequestQueue(MAX_TILE_REQUESTS);
/** URLs of tiles answered ready (the newest READY_KEPT), fetched without waiting for a slot. */
const readyUrls = new Set();
const READY_KEPT = 4096;

/**
 * Create the layer. `hooks`: anchor() -> current anchor, url(globalTile) -> tile URL,
 * onData(record) when a tile's values arrive, onPending(count, previews, offline) when the number
 * of tiles not final (of which `previews` show a preview, `offline` could not reach the server)
 * changes, onError(message) for a failed tile.
 */
export function createTileLayer(L, hooks) {
  const Layer = L.GridLayer.extend({
    options: { tileSize: 256, updateWhenZooming: false, keepBuffer: 1, noWrap: true },

    initialize(options) {
      L.GridLayer.prototype.initialize.call(this, options);
      this.records = new Set();
      this.hints = new ViewHints(pageToken());
      this.on('tileunload', (e) => this._drop(e.tile._ts));
    },

    createTile(coords, done) {
      const canvas = L.DomUtil.create('canvas', 'ts-tile ts-loading');
      canvas.width = canvas.height = 256;
      const g = globalTile(hooks.anchor(), coords.z, coords.x, coords.y);
      if (!tileInPlane(g)) {
        canvas.classList.add('ts-outside');
        setTimeout(() => done(null, canvas), 0);
        return canvas;
      }
      const rec = { canvas, coords: { ...coords }, global: g, data: null, etag: null, state: 'loading', done, image: null, since: performance.now() };
      canvas._ts = rec;
      canvas.dataset.tile = `${g.z}/${g.x}/${g.y}`;
      this.records.add(rec);
      this._load(rec);
      this._pending();
      return canvas;
    },

    _load(rec) {
      rec.ctrl = new AbortController();
      const url = hooks.url(rec.global);
      const { signal } = rec.ctrl;
      const fetchIt = () => fetchTile(url, signal, this._hint(rec.coords), 256, rec.etag);
      const answer = readyUrls.has(url) && !rec.etag
        ? fetchIt()
        : requests.run(fetchIt, () => this._rank(rec.coords), signal);
      answer
        .then((r) => {
          if (r.state === 'ready') remember(url);
          this._loaded(rec, r);
        })
        .catch((err) => {
          if (err.name === 'AbortError' || !this.records.has(rec)) return;
          setState(rec, 'error');
          rec.canvas.title = err.message;
          hooks.onError(err.message);
          this._finish(rec);
        });
    },

    _loaded(rec, r) {
      if (!this.records.has(rec)) return;
      rec.offline = Boolean(r.offline);
      if (r.data) { // new values (a 304 has none: the preview drawn is still current)
        rec.data = r.data;
        rec.etag = r.etag;
        setState(rec, r.state);
        hooks.onData(rec);
      } else if (!rec.data) {
        setState(rec, 'pending');
      }
      if (r.state !== 'ready') rec.timer = setTimeout(() => this._load(rec), r.retry * 1000);
      if (rec.data) this._finish(rec); else this._pending();
    },

    /** Headers naming the view and the rank of local tile `c` in it (a re-request of a tile
     * names the view of its own time). */
    _hint(c) {
      const map = this._map;
      if (!map) return {};
      return this.hints.headers(c, this._current(), (z) => map.project(map.getCenter(), z));
    },

    /** Rank of local tile `c` in the view now (its place in the request queue). */
    _rank(c) {
      const map = this._map;
      if (!map) return MAX_RANK;
      return tileRank(c.z, c.x, c.y, map.project(map.getCenter(), c.z), this._current());
    },

    /** The zoom level the layer shows. */
    _current() {
      return this._tileZoom ?? Math.round(this._map.getZoom());
    },

    /** The tile can be shown (values or an error): Leaflet may now drop what it covered. */
    _finish(rec) {
      if (rec.done) { rec.done(null, rec.canvas); rec.done = null; }
      this._pending();
    },

    _drop(rec) {
      if (!rec) return;
      this.records.delete(rec);
      if (rec.ctrl) rec.ctrl.abort();
      clearTimeout(rec.timer);
      this._pending();
    },

    _pending() {
      let n = 0;
      let previews = 0;
      let offline = 0;
      for (const r of this.records) {
        if (r.state !== 'ready' && r.state !== 'error') n += 1;
        if (r.state === 'preview') previews += 1;
        if (r.offline && r.state !== 'ready' && r.state !== 'error') offline += 1;
      }
      hooks.onPending(n, previews, offline);
    },

    /** Records with values at local zoom z (all if z is undefined). */
    withData(z) {
      return [...this.records].filter((r) => r.data && (z === undefined || r.coords.z === z));
    },
  });
  return new Layer();
}

/** Note a URL answered ready (the oldest forgotten past READY_KEPT). */
function remember(url) {
  readyUrls.delete(url);
  readyUrls.add(url);
  if (readyUrls.size > READY_KEPT) readyUrls.delete(readyUrls.values().next().value);
}

/** Set a tile's state and its CSS class (Leaflet's own classes stay). */
function setState(rec, st) {
  rec.canvas.classList.remove(`ts-${rec.state}`);
  rec.state = st;
  rec.canvas.classList.add(`ts-${st}`);
}

/** Add layer `tiles` to the map of `view` in its current frame (first, and after each re-anchor):
 * bounded by the plane there, so its tiles are requested once, in that frame. */
export function addInFrame(L, tiles, view) {
  const b = planeLocalBounds(view.anchor);
  tiles.options.bounds = L.latLngBounds([b[0][1], b[0][0]], [b[1][1], b[1][0]]);
  tiles.addTo(view.map);
}

/** Paint a record's values with colour function `colour(data, out) -> RGBA`. */
export function paint(rec, colour) {
  const ctx = rec.canvas.getContext('2d');
  if (!rec.image) rec.image = ctx.createImageData(256, 256);
  colour(rec.data, rec.image.data);
  ctx.putImageData(rec.image, 0, 0);
}

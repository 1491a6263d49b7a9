// Pure: what the page tells the server about each tile request so the server computes the
// tiles in view first, from the centre of the screen out (docs/api.md, "Compute order").
//
// A view is named by a token that changes whenever the screen's centre or zoom changes; the
// server runs the newest view's tiles first. A tile's rank is its distance from the centre of
// the screen in sixteenths of a tile; tiles of another zoom level (kept on screen while the new
// level loads) rank after every tile of the current one.

import { TILE } from '../core/frame.js';

export const MAX_RANK = 1000000;
const OTHER_ZOOM = 100000;

/** Ranks and view tokens for one page: `page` tells this page's views from other pages'. */
export class ViewHints {
  constructor(page) {
    this.page = page;
    this.seq = 0;
    this.key = null;
  }

  /**
   * Headers for local tile {z, x, y} while the map shows zoom `current`; `centreAt(z)` is the
   * screen's centre in local pixels at zoom z.
   */
  headers(tile, current, centreAt) {
    const c = centreAt(current);
    const key = `${current}:${Math.round(c.x)}:${Math.round(c.y)}`;
    if (key !== this.key) {
      this.key = key;
      this.seq += 1;
    }
    const rank = tileRank(tile.z, tile.x, tile.y, centreAt(tile.z), current);
    return { 'X-Trainscape-View': `${this.page}-${this.seq}`, 'X-Trainscape-Rank': String(rank) };
  }
}

/** Distance of tile (x, y)'s centre from pixel `centre` in 1/16 tiles (+ OTHER_ZOOM if z is
 * not the zoom shown), capped at MAX_RANK. */
export function tileRank(z, x, y, centre, current) {
  const d = Math.hypot((x + 0.5) * TILE - centre.x, (y + 0.5) * TILE - centre.y);
  const rank = Math.round((16 * d) / TILE) + (z === current ? 0 : OTHER_ZOOM);
  return Math.min(MAX_RANK, rank);
}

/** A short random token naming this page load. */
export function pageToken() {
  return Math.random().toString(36).slice(2, 10) || 'page';
}

// Colouring the tiles: each tile's values through the colour CDF of the tiles in view (rebuilt
// after every move unless the colours are locked) and the colormap's table; and the Colours
// controls (colormap menu, Lock colours) that change them.

import { setLegend } from '../ui/layermenu.js';
import { paint } from '../map/tilelayer.js';
import { buildCdf, colourSteps, colourTile, gradientCss, lut } from './colour.js';

/** Values sampled from the tiles in view to build the CDF. */
const CDF_SAMPLES = 16384;

/**
 * The tiles' colouring. `page`: {state, view, tiles, snapshot, mapEl}. Returns {tile(rec): a
 * tile's values arrived, schedule(): recolour every tile on the next animation frame}.
 */
export function createRecolour({ state, view, tiles, snapshot, mapEl }) {
  const colourer = () => (data, out) => colourTile(data, state.cdf, state.table, out);

  /** Tiles at the current zoom that intersect the view. */
  function visibleRecords() {
    const pb = view.map.getPixelBounds();
    return tiles.withData(view.local).filter((r) => {
      const x = r.coords.x * 256;
      const y = r.coords.y * 256;
      return x < pb.max.x && x + 256 > pb.min.x && y < pb.max.y && y + 256 > pb.min.y;
    });
  }

  let queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const vis = visibleRecords();
      if (!state.lock || !state.cdf) {
        if (!vis.length) return;
        state.cdf = colourSteps(buildCdf(vis.map((r) => r.data), CDF_SAMPLES));
      }
      const f = colourer();
      for (const r of tiles.withData()) paint(r, f);
      mapEl.dataset.coloured = String(vis.length);
      snapshot.check();
    });
  }

  /** A tile's values arrived: paint it with the current CDF (if any) at once, then recolour. */
  function tile(rec) {
    if (state.cdf) paint(rec, colourer());
    schedule();
  }

  return { tile, schedule };
}

/**
 * Wire the colormap menu and the Lock colours box: the tiles, ramp and legend follow them.
 * `page`: {$, state, recolour, changed() (the URL follows)}.
 */
export function wireColours({ $, state, recolour, changed }) {
  $('colormap').addEventListener('change', (e) => {
    state.cmap = e.target.value;
    state.table = lut(state.cmap);
    $('ramp').style.background = gradientCss(state.cmap);
    setLegend(state, $);
    recolour.schedule();
    changed();
  });
  $('lock').addEventListener('change', (e) => { state.lock = e.target.checked; recolour.schedule(); changed(); });
}

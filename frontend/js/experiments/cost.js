// Pure: what a view costs where tiles are computed on a CPU, and the questions the page asks
// before a costly one: a bookmark's window (Go to), a much dearer preset (Experiment menu), many
// more steps (Steps box), a dearer layer (Layer menu: a note, not a question). The dialog that
// asks, and the /healthz answer saying whether tiles are computed on a CPU: ui/costdialog.js.

import { FZ, TILE, unitsPerPixel } from '../core/frame.js';
import { presetOf } from '../ui/controls.js';
import { bookmarkExperiment } from './bookmarks.js';

/** The CPU preset that is one colour in every figure window (checked with `trainscape render`). */
export const QUICK_PRESET = 'tanh-quick';

/** A preset whose measure tile costs more than this many times the default preset's
 * (`cost.tile` of GET /api/experiments) makes the Experiment menu ask first on a CPU server. */
export const COSTLY_RATIO = 4;
/** Seconds one `tanh-quick` tile takes on the 2-core development CPU (README: 4.4–4.8 s). */
export const QUICK_TILE_S = 5;

/** The cost dialog's titles: a bookmark, the Experiment menu, the Steps box. */
export const WINDOW_TITLE = "This window needs the paper's net";
export const MENU_TITLE = 'This experiment is slow to compute here';
export const STEPS_TITLE = 'So many steps are slow to compute here';

/** Number of tiles a w x h map centred on fixed (cx, cy) at zoom z shows (inside the plane). */
export function tilesInView(z, cx, cy, w, h) {
  const n = 2 ** z;
  const along = (c, size) => {
    const px = Number(c / unitsPerPixel(z)) + Number(c % unitsPerPixel(z)) / 2 ** (FZ - z);
    const lo = Math.max(0, Math.floor((px - size / 2) / TILE));
    const hi = Math.min(n - 1, Math.floor((px + size / 2 - 1e-9) / TILE));
    return Math.max(0, hi - lo + 1);
  };
  return along(cx, w) * along(cy, h);
}

/**
 * Whether tiles are computed on a CPU, from GET /healthz: the API process itself in embedded
 * mode, else its workers (every one reporting a `cpu` backend). False when unknown.
 */
export function computesOnCpu(health) {
  if (!health) return false;
  if (health.mode === 'embedded') return health.backend === 'cpu';
  const workers = health.worker_numerics || [];
  return workers.length > 0 && workers.every((w) => String(w).startsWith('cpu'));
}

/** How many times the default preset's tile a tile of `exp` costs, or null if unknown (pure). */
export function tileCostRatio(exp, list, defaultId) {
  const quick = list.find((e) => e.id === defaultId);
  const a = exp && exp.cost && Number(exp.cost.tile);
  const b = quick && quick.cost && Number(quick.cost.tile);
  return a > 0 && b > 0 ? a / b : null;
}

/** A duration in words, rounded: "20 s", "4 min" (pure). */
export const aboutTime = (s) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/**
 * Experiment `exp` (a GET /api/experiments entry) trained for `steps` steps instead, as far as
 * the cost question needs it: a tile's cost grows in proportion to the steps, and the title is
 * the preset's own (`list`), not one naming the old step count (pure).
 */
export function withSteps(exp, steps, list, id) {
  const preset = list.find((p) => p.id === presetOf(id));
  const tile = Number(exp.cost.tile) * (steps / exp.steps);
  return { ...exp, steps, title: preset ? preset.title : 'This experiment', cost: { ...exp.cost, tile } };
}

/**
 * The sentences of the "this costs minutes on a CPU" question before opening bookmark `b` of
 * preset `exp` from the experiment in view, `current` ({id, title}; custom ones included).
 */
export function cpuCostText(exp, b, tiles, current = null) {
  const c = exp.config || {};
  const steps = b.steps ?? exp.steps;
  const net = `width ${c.width}, ${steps} steps`;
  const where = `“${exp.title}: ${b.title}”`;
  let first;
  if (!current || current.id === bookmarkExperiment(b, exp.id)) {
    first = `${where} is a window on this net's boundary (${net}).`;
  } else if (current.id.split('@', 1)[0] === QUICK_PRESET) {
    first = `${where} is a window on that net's boundary (${net}); the quick preset shown now is `
      + 'one colour there (no boundary), so the window opens in that net.';
  } else {
    first = `${where} is a window on that net's boundary (${net}), so it opens in that net instead `
      + `of the experiment shown now (${current.title}).`;
  }
  return [
    first,
    `This server computes tiles on its CPU (no GPU): the view needs ${tiles} tile${tiles === 1 ? '' : 's'} `
      + `of 256 × 256 runs × ${steps} steps, minutes each. A 64 × 64 preview of each `
      + 'comes first; the badge counts the tiles still computing.',
  ];
}

/**
 * The sentences of the question before the Experiment menu opens preset `exp`, whose tile costs
 * `ratio` × one of the default preset `quickId`, in a view of `tiles` tiles (pure).
 */
export function menuCostText(exp, ratio, tiles, quickId) {
  const c = exp.config || {};
  const each = aboutTime(ratio * QUICK_TILE_S);
  const times = ratio < 10 ? ratio.toFixed(1) : String(Math.round(ratio));
  return [
    `“${exp.title}” trains a ${c.activation} net of width ${c.width} for ${exp.steps} steps per pixel:`
      + ` one 256 × 256 tile is about ${times}× the work of a ${quickId} tile.`,
    `This server computes tiles on its CPU (no GPU): the view needs ${tiles} tile${tiles === 1 ? '' : 's'},`
      + ` about ${each} each on a 2-core CPU. A 64 × 64 preview of each comes first;`
      + ' the badge counts the tiles still computing. Fewer Steps are faster.',
  ];
}

/**
 * The question ({title, lines}) before opening bookmark `b` of preset `preset` in a view of
 * `tiles` tiles, from the experiment in view `current` ({id, title} or null). Asked on every CPU
 * server: a paper window costs minutes there whatever is shown now.
 */
export function bookmarkQuestion(preset, b, tiles, current) {
  return { title: WINDOW_TITLE, lines: cpuCostText(preset, b, tiles, current) };
}

/**
 * The question ({title, lines}) before the Experiment menu opens `target` (a GET /api/experiments
 * entry), or null when its tile costs at most COSTLY_RATIO × one of the default preset
 * `defaultId` (or the cost is unknown). `tiles()`: the number of tiles its view needs.
 */
export function menuQuestion(target, list, defaultId, tiles) {
  const ratio = tileCostRatio(target, list, defaultId);
  if (ratio === null || ratio <= COSTLY_RATIO) return null;
  return { title: MENU_TITLE, lines: menuCostText(target, ratio, tiles(), defaultId) };
}

/**
 * The question ({title, lines}) before the Steps box opens experiment `exp` (id `id`) with
 * `steps` steps, or null: fewer steps, or a tile still within COSTLY_RATIO × one of the default
 * preset's. `tiles()`: the number of tiles the view needs.
 */
export function stepsQuestion(exp, id, steps, list, defaultId, tiles) {
  if (!(steps > exp.steps)) return null;
  const dearer = withSteps(exp, steps, list, id);
  const ratio = tileCostRatio(dearer, list, defaultId);
  if (ratio === null || ratio <= COSTLY_RATIO) return null;
  return { title: STEPS_TITLE, lines: menuCostText(dearer, ratio, tiles(), defaultId) };
}

/**
 * What switching to `layer` (a tileset entry) costs where tiles are computed on a CPU, for
 * experiment `exp` against the default preset `quick` (GET /api/experiments entries): null for a
 * layer no dearer than the measure, or whose tiles stay within COSTLY_RATIO of a `quick` tile
 * (the threshold of the menu's question); else the factor and about how long a tile takes (pure).
 */
export function layerCostNote(layer, exp, quick) {
  if (!layer || !(layer.cost > 1)) return null;
  const ratio = tileCostRatio({ cost: { tile: layer.cost * Number(exp.cost.tile) } }, [quick], quick && quick.id);
  if (ratio !== null && ratio <= COSTLY_RATIO) return null;
  const name = layer.id.charAt(0).toUpperCase() + layer.id.slice(1);
  const each = ratio === null ? 'minutes' : `about ${aboutTime(ratio * QUICK_TILE_S)}`;
  return `${name} tiles cost ${layer.cost}× a measure tile and this server computes on its CPU: `
    + `at ${exp.steps} steps ${each} per tile (64 × 64 previews come first). Fewer Steps are faster.`;
}

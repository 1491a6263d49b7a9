import test from 'node:test';
import assert from 'node:assert/strict';
import { pixelAt, unitsPerPixel } from '../js/core/frame.js';
import {
  COSTLY_RATIO, MENU_TITLE, STEPS_TITLE, WINDOW_TITLE, aboutTime, bookmarkQuestion, computesOnCpu, cpuCostText,
  layerCostNote, menuCostText, menuQuestion, stepsQuestion, tileCostRatio, tilesInView, withSteps,
} from '../js/experiments/cost.js';

const MINIBATCH = {
  title: 'Paper figure window', steps: 1000, experiment: 'tanh-minibatch@1000',
  x: ['0.267398835471957', '0.267398835475071'], y: ['174.269509700711', '174.269509702741'],
};

test('tiles in view: the tiles a w x h map at (cx, cy) touches, inside the plane', () => {
  const at = (z, px, py) => [z, BigInt(px) * unitsPerPixel(z), BigInt(py) * unitsPerPixel(z)];
  assert.equal(tilesInView(...at(10, 1024 + 128, 1024 + 128), 512, 512), 9); // edges mid-tile: 3 x 3
  assert.equal(tilesInView(...at(10, 1024, 1024), 512, 512), 4); // edges on tile edges: 2 x 2
  assert.equal(tilesInView(...at(0, 128, 128), 900, 700), 1); // the plane is one tile at zoom 0
  assert.equal(tilesInView(...at(1, 0, 0), 400, 400), 1); // clipped at the plane's corner
  const deep = at(47, 2n ** 54n + 77n, 2n ** 53n + 3n);
  assert.equal(pixelAt(deep[1], 47), 2n ** 54n + 77n);
  assert.equal(tilesInView(...deep, 882, 710), 5 * 4);
});

test('tiles are computed on a CPU: embedded backend, else every worker', () => {
  assert.equal(computesOnCpu({ mode: 'embedded', backend: 'cpu' }), true);
  assert.equal(computesOnCpu({ mode: 'embedded', backend: 'gpu' }), false);
  assert.equal(computesOnCpu({ mode: 'redis', backend: 'cpu', worker_numerics: ['gpu'] }), false);
  assert.equal(computesOnCpu({ mode: 'redis', backend: 'gpu', worker_numerics: ['cpu', 'cpu, chunk 512'] }), true);
  assert.equal(computesOnCpu({ mode: 'redis', backend: 'cpu', worker_numerics: [] }), false);
  assert.equal(computesOnCpu(null), false);
});

test('the cost text names the net, its steps and the number of tiles', () => {
  const exp = { title: 'tanh, minibatch 16', steps: 500, config: { width: 16 } };
  const text = cpuCostText(exp, MINIBATCH, 20).join(' ');
  assert.match(text, /width 16, 1000 steps/);
  assert.match(text, /needs 20 tiles of 256 × 256 runs × 1000 steps/);
  assert.match(cpuCostText(exp, { ...MINIBATCH, steps: undefined }, 1).join(' '), /needs 1 tile of 256 × 256 runs × 500 steps/);
});

test('the cost text says why the window opens in another net, true for the experiment in view', () => {
  const tanh = { id: 'tanh', title: 'tanh, full batch', steps: 500, config: { width: 16 } };
  const b = { title: 'Paper figure window', steps: 500, experiment: 'tanh' };
  const first = (current) => cpuCostText(tanh, b, 16, current)[0];
  const quick = first({ id: 'tanh-quick@10', title: 'tanh, quick (CPU), 10 steps' });
  assert.match(quick, /quick preset shown now is one colour there \(no boundary\)/);
  const custom = first({ id: 'c146d4530aa6cd6d86d03', title: 'custom c146d4530aa6cd6d86d03' });
  assert.doesNotMatch(custom, /quick preset/);
  assert.match(custom, /opens in that net instead of the experiment shown now \(custom c146d4530aa6cd6d86d03\)/);
  const relu = first({ id: 'relu', title: 'ReLU, full batch' });
  assert.doesNotMatch(relu, /quick preset/);
  assert.match(relu, /\(ReLU, full batch\)/);
  const same = first({ id: 'tanh', title: 'tanh, full batch' });
  assert.match(same, /window on this net's boundary \(width 16, 500 steps\)\.$/);
  assert.doesNotMatch(same, /opens in|quick preset/);
});

// GET /api/experiments: each preset's measure tile cost (ops), as the server gives it
const PRESETS = [
  ['tanh', 7541358592000, 16, 'tanh'], ['relu', 7541358592000, 16, 'relu'],
  ['linear', 696254464000, 16, 'identity'], ['tanh-minibatch', 3120562176000, 16, 'tanh'],
  ['tanh-single-point', 295174144000, 16, 'tanh'], ['init-offset', 7541358592000, 16, 'tanh'],
  ['tanh-quick', 155608678400, 8, 'tanh'],
].map(([id, tile, width, activation]) => ({
  id, title: `${id} title`, steps: id === 'tanh-quick' ? 100 : 500, cost: { tile }, config: { width, activation },
}));

test('the Experiment menu asks first for the presets far dearer than the quick one', () => {
  const ratio = (id) => tileCostRatio(PRESETS.find((e) => e.id === id), PRESETS, 'tanh-quick');
  assert.ok(Math.abs(ratio('tanh') - 48.46) < 0.01, String(ratio('tanh')));
  const asks = PRESETS.filter((e) => ratio(e.id) > COSTLY_RATIO).map((e) => e.id);
  assert.deepEqual(asks, ['tanh', 'relu', 'linear', 'tanh-minibatch', 'init-offset']);
  assert.equal(ratio('tanh-quick'), 1);
  assert.equal(tileCostRatio({ id: 'c1', cost: {} }, PRESETS, 'tanh-quick'), null);
  assert.equal(tileCostRatio(PRESETS[0], PRESETS, 'gone'), null);
});

test('the menu\'s cost question names the net, the factor, the tiles and a time per tile', () => {
  const tanh = PRESETS[0];
  const text = menuCostText(tanh, 48.46, 12, 'tanh-quick').join(' ');
  assert.match(text, /^“tanh title” trains a tanh net of width 16 for 500 steps per pixel: /);
  assert.match(text, /about 48× the work of a tanh-quick tile\./);
  assert.match(text, /CPU \(no GPU\): the view needs 12 tiles, about 4 min each on a 2-core CPU\./);
  const linear = menuCostText(PRESETS[2], 4.474, 1, 'tanh-quick').join(' ');
  assert.match(linear, /about 4\.5× the work/);
  assert.match(linear, /needs 1 tile, about 22 s each/);
  assert.equal(aboutTime(89), '89 s');
  assert.equal(aboutTime(150), '3 min');
});

test('more steps cost in proportion, under the preset\'s own title', () => {
  const list = [{ id: 'tanh-quick', title: 'tanh, quick (CPU)', steps: 100 }];
  const exp = { title: 'tanh, quick (CPU), 10 steps', steps: 10, cost: { tile: 1000, max_steps: 10000 } };
  const more = withSteps(exp, 5000, list, 'tanh-quick@10');
  assert.equal(more.cost.tile, 500000);
  assert.equal(more.steps, 5000);
  assert.equal(more.title, 'tanh, quick (CPU)');
  assert.equal(more.cost.max_steps, 10000);
  assert.equal(withSteps(exp, 20, [], 'c0123').title, 'This experiment');
  assert.equal(exp.steps, 10); // not changed
});

test('a layer dearer than the measure says what it costs on a CPU', () => {
  const quick = { id: 'tanh-quick', cost: { tile: 100 } };
  const exp = { steps: 500, cost: { tile: 4800 } }; // the paper's net: 48x a quick tile
  assert.equal(layerCostNote({ id: 'measure', cost: 1 }, exp, quick), null);
  assert.equal(layerCostNote(null, exp, quick), null);
  const note = layerCostNote({ id: 'lyapunov', cost: 3 }, exp, quick);
  assert.match(note, /^Lyapunov tiles cost 3× a measure tile/);
  assert.match(note, /at 500 steps about 12 min per tile/); // 144 x 5 s
  // a cheap experiment: 3 x 1.2 = 3.6 quick tiles, within the menu's threshold of 4: no note
  assert.equal(layerCostNote({ id: 'lyapunov', cost: 3 }, { steps: 20, cost: { tile: 120 } }, quick), null);
  // 3 x 2 = 6 quick tiles: a note with seconds, not "minutes"
  const mid = layerCostNote({ id: 'lyapunov', cost: 3 }, { steps: 200, cost: { tile: 200 } }, quick);
  assert.match(mid, /at 200 steps about 30 s per tile/);
});

test('the questions: a bookmark always, the menu and Steps only past the threshold', () => {
  const tanh = { id: 'tanh', title: 'tanh, full batch', steps: 500, config: { width: 16 } };
  const b = { title: 'Paper figure window', steps: 500, experiment: 'tanh' };
  assert.deepEqual(bookmarkQuestion(tanh, b, 16, null), { title: WINDOW_TITLE, lines: cpuCostText(tanh, b, 16, null) });
  let counted = 0;
  const tiles = () => { counted += 1; return 12; };
  assert.deepEqual(menuQuestion(PRESETS[0], PRESETS, 'tanh-quick', tiles),
    { title: MENU_TITLE, lines: menuCostText(PRESETS[0], tileCostRatio(PRESETS[0], PRESETS, 'tanh-quick'), 12, 'tanh-quick') });
  assert.equal(counted, 1);
  const single = PRESETS.find((e) => e.id === 'tanh-single-point'); // 1.9x: no question
  assert.equal(menuQuestion(single, PRESETS, 'tanh-quick', tiles), null);
  assert.equal(menuQuestion({ id: 'c1', cost: {} }, PRESETS, 'tanh-quick', tiles), null); // unknown cost
  assert.equal(counted, 1); // the view's tiles are counted only for a question
  const quick = PRESETS.find((e) => e.id === 'tanh-quick'); // 100 steps
  assert.equal(stepsQuestion(quick, 'tanh-quick', 400, PRESETS, 'tanh-quick', tiles), null); // 4x: not past it
  const more = stepsQuestion(quick, 'tanh-quick', 500, PRESETS, 'tanh-quick', tiles);
  assert.equal(more.title, STEPS_TITLE);
  assert.deepEqual(more.lines, menuCostText(withSteps(quick, 500, PRESETS, 'tanh-quick'), 5, 12, 'tanh-quick'));
  const dear = PRESETS[0]; // 48x already: fewer steps never ask
  assert.equal(stepsQuestion(dear, 'tanh', 400, PRESETS, 'tanh-quick', tiles), null);
  assert.notEqual(stepsQuestion(dear, 'tanh', 600, PRESETS, 'tanh-quick', tiles), null);
});

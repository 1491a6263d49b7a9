import test from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_RENDER_SIZE, MIN_RENDER_SIZE, pngFilename, pngUnavailable, rectWindow, renderCommand, renderSize,
} from '../js/export/exportview.js';
import { add, div, mul, parseDecimal, rat, sub } from '../js/core/exact.js';
import { makePlane } from '../js/core/plane.js';

const WINDOW = { x0: '-0.5', x1: '1.25', y0: '-3', y1: '0.000000000000000000000000000000125' };
const cover = (c) => ({ tiles: [{}, {}], missing: 0, loading: 0, pending: 0, preview: 0, error: 0, ...c });

test('the filename carries the experiment id and the global zoom, filename-safe', () => {
  assert.equal(pngFilename('tanh-quick', 12), 'trainscape-tanh-quick-z12.png');
  assert.equal(pngFilename('tanh-quick@40', 47), 'trainscape-tanh-quick@40-z47.png');
  assert.equal(pngFilename('c0123456789abcdef0123', 0), 'trainscape-c0123456789abcdef0123-z0.png');
  assert.equal(pngFilename('../a b/c:d', 3), 'trainscape-_a_b_c_d-z3.png');
  assert.equal(pngFilename('', 3), 'trainscape-view-z3.png');
});

test('the filename names a layer, a training step and the colours when the view shows them', () => {
  assert.equal(pngFilename('tanh-quick', 3, { layer: 'measure', step: null, cmap: 'Spectral' }),
    'trainscape-tanh-quick-z3-Spectral.png');
  assert.equal(pngFilename('tanh', 5, { layer: 'lyapunov', step: 250, cmap: 'RdBu' }),
    'trainscape-tanh-z5-lyapunov-step250-RdBu.png');
  assert.equal(pngFilename('tanh', 5, { step: 40, cmap: 'a/b' }), 'trainscape-tanh-z5-step40-a_b.png');
});

test('the render is the view\'s own pixel grid, each side within 16..4096', () => {
  assert.deepEqual(renderSize(702, 442), { width: 702, height: 442 });
  assert.deepEqual(renderSize(442, 704), { width: 442, height: 704 });
  assert.deepEqual(renderSize(1, 1), { width: MIN_RENDER_SIZE, height: MIN_RENDER_SIZE });
  assert.deepEqual(renderSize(0, 0), { width: MIN_RENDER_SIZE, height: MIN_RENDER_SIZE });
  assert.deepEqual(renderSize(5000, 300), { width: MAX_RENDER_SIZE, height: 300 });
});

test('a preset id gets --steps; an id@steps carries them', () => {
  const v = { id: 'tanh-quick', steps: 100, step: null, window: WINDOW, w: 700, h: 440 };
  assert.deepEqual(renderCommand(v), {
    text: 'trainscape render tanh-quick --window -0.5 1.25 -3 0.000000000000000000000000000000125 '
      + '--size 700 --height 440 --steps 100 -o view.png',
    runnable: true,
  });
  assert.equal(renderCommand({ ...v, id: 'tanh-quick@10', steps: 10 }).text,
    `trainscape render tanh-quick@10 --window ${Object.values(WINDOW).join(' ')} --size 700 --height 440 -o view.png`);
});

test('a Step checkpoint renders a run of that many steps', () => {
  const v = { id: 'tanh@40', steps: 40, step: 20, window: WINDOW, w: 16, h: 16 };
  assert.match(renderCommand(v).text, /^trainscape render tanh@20 --window .* --size 16 -o view\.png$/);
  assert.match(renderCommand({ ...v, id: 'relu', steps: 1000, step: 125 }).text, /^trainscape render relu .* --steps 125 -o view\.png$/);
});

test('custom experiments are not resolvable by the CLI', () => {
  const c = renderCommand({ id: 'c0123456789abcdef0123', steps: 100, step: null, window: WINDOW, w: 9, h: 9 });
  assert.deepEqual(c, { text: 'custom experiments: use the API (the CLI resolves preset ids only)', runnable: false });
});

test('the command holds the rectangle window\'s exact strings at zoom 48', () => {
  const plane = makePlane({ x0: '-3', x1: '6', y0: '-3', y1: '6' });
  const rect = { z: 48, px: 3n * 2n ** 54n + 12345n, py: 2n ** 55n - 999n, w: 761, h: 480 };
  const win = rectWindow(plane, rect);
  const text = renderCommand({ id: 'tanh', steps: 500, step: null, window: win, w: 761, h: 480 }).text;
  assert.equal(text.split(' ').slice(4, 8).join(' '), [win.x0, win.x1, win.y0, win.y1].join(' '));
  for (const s of Object.values(win)) assert.match(s, /^-?\d+(\.\d{30,})?$/); // plain decimals: argparse-safe
  assert.match(text, / --size 761 --height 480 --steps 500 -o view\.png$/);
});

test('saving waits for final tiles, with the dimension panel\'s counts', () => {
  const rect = { w: 10, h: 10 };
  assert.equal(pngUnavailable({ rect, cover: cover({}) }), null);
  assert.match(pngUnavailable({ rect: null, cover: null }), /No part of the plane/);
  assert.equal(pngUnavailable({ rect, cover: cover({ loading: 1, preview: 2 }) }),
    'Not yet: of the 5 tiles in view, 1 loading, 2 still 64 × 64 previews. '
    + 'Wait until every tile is final (the badge on the map is gone), then save again.');
  assert.match(pngUnavailable({ rect, cover: cover({ error: 2 }) }), /^2 tiles in view failed to load.*then save again\.$/);
});

test('the window of a pixel rectangle has the pixel edges as its bounds, exactly', () => {
  const plane = makePlane({ x0: '-3', x1: '6', y0: '-3', y1: '6' });
  assert.deepEqual(rectWindow(plane, { z: 0, px: 0n, py: 0n, w: 256, h: 256 }),
    { x0: '-3', x1: '6', y0: '-3', y1: '6' });
  // zoom 1, the top-left quarter: x in [-3, 1.5], y in [1.5, 6] (y grows downwards)
  assert.deepEqual(rectWindow(plane, { z: 1, px: 0n, py: 0n, w: 256, h: 256 }),
    { x0: '-3', x1: '1.5', y0: '1.5', y1: '6' });
  // zoom 48: one pixel is 9 / 2^56 of a decade; the strings are those rationals exactly
  const px = 3n * 2n ** 54n + 12345n;
  const py = 2n ** 55n - 999n;
  const win = rectWindow(plane, { z: 48, px, py, w: 761, h: 480 });
  const side = rat(256n * 2n ** 48n);
  const nine = rat(9n);
  const edge = (p) => mul(nine, div(rat(p), side));
  const same = (s, r) => { const a = parseDecimal(s); assert.equal(a.n * r.d, r.n * a.d, s); };
  same(win.x0, add(rat(-3n), edge(px)));
  same(win.x1, add(rat(-3n), edge(px + 761n)));
  same(win.y1, sub(rat(6n), edge(py)));
  same(win.y0, sub(rat(6n), edge(py + 480n)));
  for (const v of Object.values(win)) assert.match(v, /^-?\d+(\.\d+)?$/);
});

// What the page's colour.js makes of one input, for tests/render/test_colormaps.py:
//   node colour_js.mjs luts              -> {name: [r, g, b, ...256 entries]}
//   node colour_js.mjs tile NAME V1 V2 … -> [r, g, b, ...] of the values coloured as the page does
//                                            (one CDF over the values, as over a view's tiles)
import { COLORMAPS, buildCdf, colourSteps, colourTile, lut } from '../../frontend/js/colour/colour.js';

const rgbOf = (rgba) => Array.from(rgba).filter((_, i) => i % 4 !== 3);
const [what, name, ...rest] = process.argv.slice(2);
if (what === 'luts') {
  console.log(JSON.stringify(Object.fromEntries(Object.keys(COLORMAPS).map((n) => [n, rgbOf(lut(n))]))));
} else {
  const data = Float32Array.from(rest.map(Number));
  console.log(JSON.stringify(rgbOf(colourTile(data, colourSteps(buildCdf([data])), lut(name)))));
}

// Prints frontend/js/analysis/boxcount.js's answer for a measure image, for test_boxcount_js.py:
//   node boxcount_js.mjs IMAGE W H [OPTIONS_JSON]
// IMAGE holds W x H little-endian float64 values, row-major (row 0 = top); OPTIONS_JSON is
// boundaryDimension's {level, minSize, fitSizes}.

import { readFileSync } from 'node:fs';
import { boundaryDimension } from '../../frontend/js/analysis/boxcount.js';

const [path, w, h, options = '{}'] = process.argv.slice(2);
const bytes = readFileSync(path);
const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
process.stdout.write(JSON.stringify(boundaryDimension(values, Number(w), Number(h), JSON.parse(options))));

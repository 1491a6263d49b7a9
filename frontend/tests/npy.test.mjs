import test from 'node:test';
import assert from 'node:assert/strict';
import { parseNpy, upsample } from '../js/core/npy.js';

// np.save of np.arange(6, dtype='<f4').reshape(2, 3) - 2.5 and of [[1.5, -2.0]] as '<f8'
const F4 = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAACDAAADAvwAAAL8AAAA/AADAPwAAIEA=';
const F8 = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAADA';
const buf = (b64) => { const b = Buffer.from(b64, 'base64'); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); };

test('parses float32 arrays written by numpy', () => {
  const { shape, data } = parseNpy(buf(F4));
  assert.deepEqual(shape, [2, 3]);
  assert.deepEqual(Array.from(data), [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]);
});

test('parses float64 arrays', () => {
  const { shape, data } = parseNpy(buf(F8));
  assert.deepEqual(shape, [1, 2]);
  assert.deepEqual(Array.from(data), [1.5, -2]);
});

// np.save of [[1.0, 1.0 + 2**-40, -(300.0 + 1e-9)]] as '<f8': values float32 cannot tell apart
const F8_FINE = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAQAAAAAPA/uEQAAADAcsA=';

test('float64 tiles keep every digit (deep-zoom neighbours differ beyond float32)', () => {
  const { data } = parseNpy(buf(F8_FINE));
  assert.equal(data[0], 1);
  assert.equal(data[1], 1 + 2 ** -40);
  assert.notEqual(data[0], data[1]);
  assert.equal(data[2], -(300 + 1e-9));
  const up = upsample(data.subarray(0, 1), 1, 2);
  assert.ok(up instanceof Float64Array);
});

test('rejects what is not a float .npy', () => {
  assert.throws(() => parseNpy(new TextEncoder().encode('<html>503</html>').buffer), /not a .npy/);
  const b = new Uint8Array(buf(F4));
  assert.throws(() => parseNpy(b.slice(0, 100).buffer), /truncated/);
  const bad = new Uint8Array(b); bad.set(new TextEncoder().encode('<i4'), 21);
  assert.throws(() => parseNpy(bad.buffer), /unsupported dtype/);
});

test('upsampling a preview repeats each value in a block', () => {
  const out = upsample(Float32Array.from([1, 2, 3, 4]), 2, 4);
  assert.deepEqual(Array.from(out), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
});

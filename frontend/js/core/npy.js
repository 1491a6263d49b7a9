// Parse NumPy .npy bytes (float64 as the server sends tiles, or float32; C order) into
// {shape, data: Float64Array}: values stay exactly as computed, so deep-zoom views, whose
// neighbouring runs differ beyond float32's digits, keep every distinct value.

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parse an ArrayBuffer holding a .npy file; throws Error with a one-line reason on bad input. */
export function parseNpy(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file');
  const major = bytes[6];
  const view = new DataView(buffer);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error('truncated .npy header');
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeM) throw new Error('malformed .npy header');
  if (fortran[1] === 'True') throw new Error('Fortran-order .npy is not supported');
  const shape = shapeM[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const kind = descr[1];
  const size = kind.endsWith('f4') ? 4 : kind.endsWith('f8') ? 8 : 0;
  if (!size || kind.startsWith('>')) throw new Error(`unsupported dtype ${kind}; want <f4 or <f8`);
  if (offset + count * size > bytes.length) throw new Error('truncated .npy data');
  const data = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    data[i] = size === 4 ? view.getFloat32(offset + 4 * i, true) : view.getFloat64(offset + 8 * i, true);
  }
  return { shape, data };
}

/** Nearest-neighbour upsampling of a square (n x n) array to (size x size). */
export function upsample(data, n, size) {
  if (n === size) return data;
  const out = new Float64Array(size * size);
  const f = size / n;
  for (let i = 0; i < size; i += 1) {
    const row = Math.floor(i / f) * n;
    for (let j = 0; j < size; j += 1) out[i * size + j] = data[row + Math.floor(j / f)];
  }
  return out;
}

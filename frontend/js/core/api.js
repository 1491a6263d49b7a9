// Talks to the trainscape server. Every function returns parsed data or throws ApiError.

import { parseNpy, upsample } from './npy.js';

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const enc = encodeURIComponent;

/** Told of every request that reached the server (`ok`) or could not (`lost`); see status.js. */
const connection = { ok() {}, lost() {} };
export function watchConnection(hooks) { Object.assign(connection, hooks); }

/** fetch, telling `connection` whether the server was reached: the response, or null when it
 * could not be reached (an abort is rethrown). */
async function reach(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    connection.lost();
    return null;
  }
  connection.ok();
  return res;
}

async function json(url, init) {
  const res = await reach(url, init);
  if (!res) throw new ApiError(0, 'The trainscape server is unreachable.');
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, errorText(res.status, body), body);
  return body;
}

/** One line describing an error response body (FastAPI `detail` or our `error`). */
export function errorText(status, body) {
  const d = body && (body.detail ?? body.error ?? body.message);
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d.map((e) => `${(e.loc || []).slice(1).join('.')}: ${e.msg}`).join('; ');
  return `server answered ${status}`;
}

export const listExperiments = () => json('/api/experiments');
export const getExperiment = (id) => json(`/api/experiments/${enc(id)}`);
export const getTileset = (id) => json(`/api/experiments/${enc(id)}/tileset.json`);
/** Liveness and backend status: where tiles are computed (`mode`, `backend`, `worker_numerics`). */
export const getHealth = () => json('/healthz');

/** Register a custom experiment; returns {id, ...}. Errors carry the server's field messages. */
export const createExperiment = (config) => json('/api/experiments', {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config),
});

/** The run at global pixel (px, py) of zoom z (strings or BigInts). */
export function getPixel(id, z, px, py, params = {}) {
  const q = new URLSearchParams(params).toString();
  return json(`/api/experiments/${enc(id)}/pixels/${z}/${px}/${py}${q ? `?${q}` : ''}`);
}

/** URL of a raw tile; `params` adds layer/step query parameters. */
export function tileUrl(id, z, x, y, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString();
  return `/api/experiments/${enc(id)}/tiles/${z}/${x}/${y}.npy${q ? `?${q}` : ''}`;
}

const retryAfter = (res) => {
  const s = Number(res.headers.get('Retry-After'));
  return Number.isFinite(s) && s > 0 ? Math.min(s, 30) : 2;
};

/**
 * Fetch a raw tile: {state: 'ready', data} | {state: 'preview', data, etag, retry} (upscaled to
 * 256) | {state: 'pending', retry} (503). `etag`: the ETag of the preview the caller holds; the
 * server answers 304 while that preview is still current, and then this returns
 * {state: 'preview', data: null, etag, retry} (keep what you have). Other failures throw
 * ApiError; aborts throw AbortError.
 */
export async function fetchTile(url, signal, headers = {}, size = 256, etag = null) {
  // A request with its own If-None-Match bypasses the HTTP cache (fetch makes such a request
  // 'no-store' anyway), so the 304 reaches this code; a final tile that answers it is not cached.
  const init = etag
    ? { signal, headers: { ...headers, 'If-None-Match': etag }, cache: 'no-store' }
    : { signal, headers };
  const res = await reach(url, init);
  if (!res) return { state: 'pending', retry: 3, offline: true };
  if (res.status === 503) return { state: 'pending', retry: retryAfter(res) };
  if (res.status === 304 && etag) {
    await res.arrayBuffer(); // empty; read so that the request completes instead of aborting
    return { state: 'preview', data: null, etag, retry: retryAfter(res) };
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, errorText(res.status, body), body);
  }
  const { shape, data } = parseNpy(await res.arrayBuffer());
  const n = shape[0];
  const preview = res.headers.get('X-Trainscape-Preview');
  const out = upsample(data, n, size);
  return preview || n !== size
    ? { state: 'preview', data: out, etag: res.headers.get('ETag'), retry: retryAfter(res) }
    : { state: 'ready', data: out };
}

/** Box-counting dimension of the boundary in the log10 window `win` ({x0, x1, y0, y1} exact
 * decimal strings) on a size x size grid; see docs/analysis.md for the answer's fields. */
export function getDimension(id, win, size, signal) {
  const q = new URLSearchParams({ ...win, size: String(size) }).toString();
  return json(`/api/experiments/${enc(id)}/dimension?${q}`, { signal });
}

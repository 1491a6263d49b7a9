// The view in the URL: experiment, exact centre, zoom, colormap, pins. Strings in, strings out.
//
//   ?e=tanh-quick&z=12&x=524288.5&y=524288&cmap=Spectral&lock=1&pin=14/2097152/2097152
//
// x and y are the view centre in global pixels at zoom z, written as exact decimals (never
// parseFloat output), so a shared link lands on the same view pixel for pixel. A pin is the
// global pixel z/px/py whose run was clicked.

import { fromPixelString, pixelInPlane, toPixelString } from './frame.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
const DECIMAL = /^\d{1,40}(\.\d{1,80})?$/;
const PIN = /^(\d{1,2})\/(\d{1,40})\/(\d{1,40})$/;
const CMAP = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const LAYER = /^[a-z]{1,20}$/;

/** Serialise a view {e, z, x, y, cmap, lock, pins, layer, step} into a query string. */
export function encodeView(view) {
  const q = new URLSearchParams();
  q.set('e', view.e);
  q.set('z', String(view.z));
  q.set('x', view.x);
  q.set('y', view.y);
  if (view.cmap) q.set('cmap', view.cmap);
  if (view.lock) q.set('lock', '1');
  if (view.layer && view.layer !== 'measure') q.set('layer', view.layer);
  if (view.step) q.set('step', String(view.step));
  for (const p of view.pins || []) q.append('pin', `${p.z}/${p.px}/${p.py}`);
  return `?${q.toString().replace(/%2F/g, '/').replace(/%40/g, '@')}`;
}

/**
 * Parse a query string into {view, errors}. Fields that are missing or invalid are left out of
 * view (the caller falls back to defaults) and invalid ones are reported in errors.
 */
export function decodeView(search) {
  const q = new URLSearchParams(search);
  const view = { pins: [] };
  const errors = [];
  const take = (key, re, convert = (s) => s) => {
    const v = q.get(key);
    if (v === null || v === '') return;
    if (re.test(v)) view[key] = convert(v); else errors.push(`${key}=${v} is not valid`);
  };
  take('e', ID);
  take('z', /^\d{1,2}$/, Number);
  take('x', DECIMAL);
  take('y', DECIMAL);
  take('cmap', CMAP);
  take('layer', LAYER);
  take('step', /^\d{1,6}$/, Number);
  if (q.get('lock') === '1') view.lock = true;
  if (view.x === undefined || view.y === undefined || view.z === undefined) {
    const given = ['z', 'x', 'y'].filter((k) => q.get(k));
    if (given.length) errors.push(`the view (${given.map((k) => `${k}=${q.get(k)}`).join(', ')}) needs valid z, x and y: showing the whole plane`);
    delete view.x; delete view.y; delete view.z;
  }
  for (const p of q.getAll('pin')) {
    const m = PIN.exec(p);
    if (m) view.pins.push({ z: Number(m[1]), px: m[2], py: m[3] });
    else errors.push(`pin=${p} is not valid (want z/px/py)`);
  }
  return { view, errors };
}

/**
 * What of a decoded view applies to experiment `exp` ({id, max_zoom, layers, checkpoints}):
 * {view, ignored, adjusted}. A zoom beyond the experiment's maximum becomes the maximum, on the
 * same centre; a colormap not in `colormaps`, a layer the experiment lacks, a step that is not
 * one of its checkpoints (or in a layer without steps: not in `stepLayers`) and pins beyond the
 * maximum zoom or outside the plane are left out. Each change is described for the toast.
 */
export function fitToExperiment(v, exp, { colormaps, stepLayers = ['measure'] }) {
  const view = { ...v, pins: [] };
  const ignored = [];
  const adjusted = [];
  const max = exp.max_zoom;
  if (v.z !== undefined && v.z > max) {
    Object.assign(view, {
      z: max, x: toPixelString(fromPixelString(v.x, v.z), max), y: toPixelString(fromPixelString(v.y, v.z), max),
    });
    adjusted.push(`z=${v.z} → ${max}, the maximum zoom of ${exp.id} (same centre)`);
  }
  if (v.cmap && !colormaps.includes(v.cmap)) {
    delete view.cmap;
    ignored.push(`cmap=${v.cmap} is not a colormap (${colormaps.join(', ')})`);
  }
  const layers = exp.layers || ['measure'];
  if (v.layer && !layers.includes(v.layer)) {
    delete view.layer;
    ignored.push(`layer=${v.layer} is not a layer of ${exp.id} (${layers.join(', ')})`);
  }
  const layer = view.layer || 'measure';
  const cps = exp.checkpoints || [];
  if (v.step && !stepLayers.includes(layer)) {
    delete view.step;
    ignored.push(`step=${v.step}: the ${layer} layer has no per-step tiles`);
  } else if (v.step && !cps.includes(v.step)) {
    delete view.step;
    ignored.push(`step=${v.step} is not a checkpoint of ${exp.id} (${cps.join(', ')})`);
  }
  for (const p of v.pins || []) {
    const name = `pin ${p.z}/${p.px}/${p.py}`;
    if (p.z > max) ignored.push(`${name} is beyond the maximum zoom ${max}`);
    else if (!pixelInPlane(p.z, p.px, p.py)) ignored.push(`${name} is outside the plane`);
    else view.pins.push(p);
  }
  return { view, ignored, adjusted };
}

/** One toast for everything a permalink had that was ignored or adjusted ('' when nothing). */
export function ignoredText(ignored, adjusted = []) {
  const parts = [];
  if (ignored.length) parts.push(`Ignored: ${ignored.join('; ')}`);
  if (adjusted.length) parts.push(`Adjusted: ${adjusted.join('; ')}`);
  return parts.join('. ');
}

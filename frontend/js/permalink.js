// The view in the URL: experiment, exact centre, zoom, colormap, pins. Strings in, strings out.
//
//   ?e=tanh-quick&z=12&x=524288.5&y=524288&cmap=Spectral&lock=1&pin=14/2097152/2097152
//
// x and y are the view centre in global pixels at zoom z, written as exact decimals (never
// parseFloat output), so a shared link lands on the same view pixel for pixel. A pin is the
// global pixel z/px/py whose run was clicked.

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
    delete view.x; delete view.y; delete view.z;
  }
  for (const p of q.getAll('pin')) {
    const m = PIN.exec(p);
    if (m) view.pins.push({ z: Number(m[1]), px: m[2], py: m[3] });
    else errors.push(`pin=${p} is not valid (want z/px/py)`);
  }
  return { view, errors };
}

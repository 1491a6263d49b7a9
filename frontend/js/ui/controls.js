// Header controls: experiment picker, steps, bookmarks, colormap, custom-experiment form.

import { COLORMAPS } from '../colour/colour.js';
import { ApiError, createExperiment } from '../core/api.js';
import { bookmarkLabel } from '../experiments/bookmarks.js';

const option = (value, text, selected = false) => {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
};

/** The Experiment menu's placeholder while no experiment is open. */
export const PICK = 'Pick an experiment…';

/** Base preset of an id ("tanh@50" -> "tanh"). */
export const presetOf = (id) => id.split('@', 1)[0];

/** Fill the experiment picker with presets (and the current custom id, if any); with no
 * current id (none could be opened), a disabled placeholder is selected, asking for a choice. */
export function fillPicker(select, experiments, currentId) {
  select.innerHTML = '';
  if (!currentId) {
    const o = option('', PICK, true);
    o.disabled = true;
    select.append(o);
  }
  const base = currentId ? presetOf(currentId) : null;
  for (const e of experiments) {
    const o = option(e.id, e.title, e.id === base);
    o.title = e.description || '';
    select.append(o);
  }
  if (currentId && !experiments.some((e) => e.id === base)) select.append(option(currentId, `custom ${currentId}`, true));
}

/** Fill the bookmarks menu: each preset's paper figure window, as "preset|index", labelled
 * short ("tanh — fig. window"); the full name is the option's tooltip. */
export function fillBookmarks(select, experiments) {
  select.length = 1;
  for (const e of experiments) {
    (e.bookmarks || []).forEach((b, i) => {
      const o = option(`${e.id}|${i}`, bookmarkLabel(e, b));
      o.title = `${e.title}: ${b.title}`;
      select.append(o);
    });
  }
}

/** Fill the colormap menu. */
export function fillColormaps(select, current) {
  select.innerHTML = '';
  for (const name of Object.keys(COLORMAPS)) select.append(option(name, name, name === current));
}

/** Fields of the custom form that may be left empty (the server's default applies: full batch). */
export const OPTIONAL_FIELDS = new Set(['batch']);
const INTEGER_FIELDS = ['width', 'depth', 'batch', 'steps'];

/**
 * The custom form's entries [[name, text], ...] as a config object (pure). An empty optional
 * field is left out; an empty required one throws an Error "name: required ..." (so that it is
 * never silently replaced by the server's default).
 */
export function readConfig(entries) {
  const cfg = {};
  for (const [k, raw] of entries) {
    const v = String(raw).trim();
    if (v === '') {
      if (OPTIONAL_FIELDS.has(k)) continue;
      throw new Error(`${k}: required${INTEGER_FIELDS.includes(k) ? ' (a positive integer)' : ''}`);
    }
    cfg[k] = INTEGER_FIELDS.includes(k) ? Number(v) : v;
  }
  return cfg;
}

const DATASETS = { params: 'N = parameter count', width: 'N = width', single: 'one point' };

/** One line describing an experiment's config for the panel (pure). */
export function configText(cfg) {
  if (!cfg) return '';
  const parts = [
    `${cfg.activation} net, width ${cfg.width}, depth ${cfg.depth}`,
    `data: ${DATASETS[cfg.dataset] || cfg.dataset}`,
    cfg.batch ? `minibatch ${cfg.batch}` : 'full batch',
    `${cfg.steps} steps`,
  ];
  if (cfg.plane === 'offset_vs_lr') parts.push(cfg.offset_mode === 'once' ? 'offset applied once' : 'offset re-added every step');
  parts.push(`seed ${cfg.seed}${cfg.batch ? `, batch seed ${cfg.batch_seed}` : ''}`);
  return parts.join(' · ');
}

/** Take every error note off the form: the field outlines, their notes and the message line. */
function clearErrors(form, errEl) {
  for (const el of form.querySelectorAll('.bad')) {
    el.classList.remove('bad');
    el.removeAttribute('aria-invalid');
  }
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  errEl.textContent = '';
}

/** Show a server validation error next to its field ("width: ... allowed [1, 64]"). */
function showError(form, errEl, err) {
  clearErrors(form, errEl);
  const text = err instanceof ApiError ? err.message : String(err.message || err);
  const m = /^([a-z_0-9]+): /.exec(text);
  const field = m && form.elements[m[1]];
  if (field) {
    field.classList.add('bad');
    field.setAttribute('aria-invalid', 'true');
    const note = document.createElement('small');
    note.className = 'field-error';
    note.textContent = text.slice(m[0].length);
    field.after(note);
    field.focus();
  }
  errEl.textContent = text;
}

/** Wire the custom-experiment dialog; `onCreated(id)` runs with the new experiment's id. */
export function wireCustomForm(dialog, openButton, onCreated, currentConfig) {
  const form = dialog.querySelector('form');
  const errEl = dialog.querySelector('#custom-error');
  openButton.addEventListener('click', () => {
    const cfg = currentConfig();
    if (cfg) {
      for (const [k, v] of Object.entries(cfg)) if (form.elements[k]) form.elements[k].value = v ?? '';
    }
    clearErrors(form, errEl); // the form opens clean, whatever an earlier Create left
    dialog.showModal();
  });
  form.addEventListener('submit', async (ev) => {
    if (ev.submitter && ev.submitter.value === 'cancel') return;
    ev.preventDefault();
    try {
      const res = await createExperiment(readConfig(new FormData(form).entries()));
      clearErrors(form, errEl);
      dialog.close();
      onCreated(res.id);
    } catch (err) {
      showError(form, errEl, err);
    }
  });
}

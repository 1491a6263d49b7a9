// The cost dialog: before a view that costs minutes where tiles are computed on a CPU, it says
// so and asks (the questions themselves, and when to ask them: experiments/cost.js).

import { getHealth } from '../core/api.js';
import { computesOnCpu } from '../experiments/cost.js';

let cpu = null;

/**
 * Whether this server computes tiles on a CPU (GET /healthz, asked once and remembered: asked
 * later, it would queue behind the tile requests that fill the browser's connections, and the
 * dialog would open seconds late). Unknown (no answer): false, so nothing asks.
 */
export async function onCpu() {
  if (cpu === null) {
    try { cpu = computesOnCpu(await getHealth()); } catch { return false; }
  }
  return cpu;
}

/**
 * True unless tiles are computed on a CPU (GET /healthz; unknown: do not ask) and the user
 * declines in the cost dialog, titled `question.title`, that says `question.lines` (sentences).
 */
export async function affordable($, { title, lines }) {
  if (!(await onCpu())) return true;
  const dialog = $('costly');
  $('costly-title').textContent = title;
  $('costly-text').textContent = lines.join(' ');
  dialog.returnValue = '';
  dialog.showModal();
  $('costly-open').focus();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  return dialog.returnValue === 'open';
}

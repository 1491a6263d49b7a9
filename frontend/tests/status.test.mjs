import test from 'node:test';
import assert from 'node:assert/strict';
import { badgeText, HEALTH_AFTER_S } from '../js/ui/status.js';

test('nothing pending: no badge', () => {
  assert.equal(badgeText({ pending: 0, offline: 0 }), null);
});

test('computing tiles are counted, with previews and a clock after a while', () => {
  assert.equal(badgeText({ pending: 1 }).text, '1 tile computing');
  assert.equal(badgeText({ pending: 4, previews: 2 }).text, '4 tiles computing (2 as preview)');
  assert.equal(badgeText({ pending: 3, waited: HEALTH_AFTER_S - 1 }).text, '3 tiles computing');
  assert.equal(badgeText({ pending: 3, waited: 75 }).text, '3 tiles computing · 1:15');
});

test('tiles that could not reach the server are not "computing"', () => {
  const b = badgeText({ pending: 5, previews: 1, offline: 2, waited: 12 });
  assert.equal(b.kind, 'offline');
  assert.equal(b.text, 'Server unreachable · 5 tiles waiting · 0:12');
  assert.doesNotMatch(b.text, /computing/);
});

test('Redis mode with no worker says that nothing computes the queued tiles', () => {
  const b = badgeText({ pending: 2, waited: 20, health: { mode: 'redis', workers: 0 } });
  assert.equal(b.kind, 'stalled');
  assert.equal(b.text, '2 tiles queued · no worker running · 0:20');
  assert.match(b.title, /trainscape worker/);
  // a worker, or the embedded engine, computes them
  assert.equal(badgeText({ pending: 2, health: { mode: 'redis', workers: 1 } }).kind, 'computing');
  assert.equal(badgeText({ pending: 2, health: { mode: 'embedded', workers: 0 } }).kind, 'computing');
});

test('a tile queue that does not answer is said', () => {
  const b = badgeText({ pending: 1, health: { unreachable: true } });
  assert.equal(b.kind, 'stalled');
  assert.match(b.text, /tile queue unreachable/);
});

test('a tile that gets values drops a stalled /healthz answer at once', async () => {
  const { ServerStatus } = await import('../js/ui/status.js');
  const el = () => ({ hidden: true, textContent: '', title: '', dataset: {} });
  const els = { badge: el(), alert: el() };
  const records = [{ state: 'pending', since: performance.now() }]; // waited 0 s: no /healthz asked
  const status = new ServerStatus(els, { getHealth: async () => ({}), records: () => records, onBack() {} });
  try {
    status.tiles(4, 0, 0);
    status.health = { mode: 'redis', workers: 0 }; // the last answer: no worker
    status.render();
    assert.equal(els.badge.dataset.kind, 'stalled');
    status.tiles(4, 0, 0); // nothing new: still stalled
    assert.equal(els.badge.dataset.kind, 'stalled');
    status.tiles(4, 1, 0); // a preview arrived: a worker runs after all
    assert.equal(els.badge.dataset.kind, 'computing');
    assert.match(els.badge.textContent, /^4 tiles computing \(1 as preview\)/);
  } finally {
    clearTimeout(status.tick);
  }
});

import assert from 'node:assert/strict';
import test from 'node:test';

import { RequestQueue } from '../js/map/requestqueue.js';

/** A request the test answers by hand: start() records the call, answer(v) resolves it. */
function manual(log, name) {
  let answer;
  let fail;
  const start = () => {
    log.push(name);
    return new Promise((res, rej) => { answer = res; fail = rej; });
  };
  return { start, answer: (v) => answer(v), fail: (e) => fail(e) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('at most max requests are in flight; the others start as slots free', async () => {
  const q = new RequestQueue(2);
  const log = [];
  const reqs = ['a', 'b', 'c', 'd'].map((n) => manual(log, n));
  const results = reqs.map((r) => q.run(r.start));
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(q.active, 2);
  assert.equal(q.waiting, 2);
  reqs[1].answer('B');
  assert.equal(await results[1], 'B');
  await tick();
  assert.deepEqual(log, ['a', 'b', 'c']);
  reqs[0].fail(new Error('boom')); // a failure frees its slot too
  await assert.rejects(results[0], /boom/);
  await tick();
  assert.deepEqual(log, ['a', 'b', 'c', 'd']);
  reqs[2].answer('C');
  reqs[3].answer('D');
  assert.deepEqual(await Promise.all(results.slice(2)), ['C', 'D']);
  await tick();
  assert.equal(q.active, 0);
});

test('waiting requests start lowest rank first, ties in the order asked, ranks read at start',
  async () => {
    const q = new RequestQueue(1);
    const log = [];
    const first = manual(log, 'first');
    q.run(first.start);
    const ranks = { far: 50, near: 3, tie1: 20, tie2: 20 };
    for (const n of ['far', 'tie1', 'near', 'tie2']) q.run(manual(log, n).start, () => ranks[n]);
    ranks.far = 1; // the view moved while they waited: "far" is now the centre tile
    first.answer();
    await tick();
    assert.deepEqual(log, ['first', 'far']);
  });

test('the order is kept through the whole queue', async () => {
  const q = new RequestQueue(1);
  const log = [];
  const reqs = {};
  for (const [n, rank] of [['x', 5], ['y', 1], ['z', 3], ['w', 3]]) {
    reqs[n] = manual(log, n);
    reqs[n].done = q.run(reqs[n].start, () => rank);
  }
  for (let i = 0; i < 4; i += 1) {
    const running = reqs[log.at(-1)];
    running.answer();
    await running.done;
    await tick();
  }
  assert.deepEqual(log, ['x', 'y', 'z', 'w']); // x had the free slot; then by rank, ties in order
});

test('an abort while waiting takes the request out of the queue and rejects it', async () => {
  const q = new RequestQueue(1);
  const log = [];
  const a = manual(log, 'a');
  const ra = q.run(a.start);
  const ctrl = new AbortController();
  const rb = q.run(manual(log, 'b').start, () => 0, ctrl.signal);
  const rc = q.run(manual(log, 'c').start);
  ctrl.abort();
  await assert.rejects(rb, (e) => e.name === 'AbortError');
  assert.equal(q.waiting, 1);
  a.answer();
  await ra;
  await tick();
  assert.deepEqual(log, ['a', 'c']); // b never started
  assert.ok(rc instanceof Promise);
});

test('an already aborted signal never queues; an abort after the start is the request\'s own',
  async () => {
    const q = new RequestQueue(1);
    const log = [];
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(q.run(manual(log, 'a').start, () => 0, ctrl.signal),
      (e) => e.name === 'AbortError');
    assert.equal(q.waiting, 0);
    assert.equal(q.active, 0);
    const ctrl2 = new AbortController();
    const b = manual(log, 'b');
    const rb = q.run(b.start, () => 0, ctrl2.signal);
    ctrl2.abort(); // started: the queue leaves it to the request (fetch rejects by itself)
    b.answer('B');
    assert.equal(await rb, 'B');
    assert.deepEqual(log, ['b']);
  });

test('a start that throws rejects and frees its slot', async () => {
  const q = new RequestQueue(1);
  const log = [];
  await assert.rejects(q.run(() => { throw new Error('sync'); }), /sync/);
  await tick();
  const b = manual(log, 'b');
  const rb = q.run(b.start);
  assert.deepEqual(log, ['b']);
  b.answer(1);
  assert.equal(await rb, 1);
});

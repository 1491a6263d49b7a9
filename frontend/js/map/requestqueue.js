// Pure: at most `max` requests in flight; the others wait, the best-ranked first.
//
// While tiles compute, each tile request is a long-poll (the server holds it up to
// TRAINSCAPE_TILE_WAIT_S), and a browser opens at most 6 HTTP/1.1 connections per host: unlimited
// tile requests would hold every connection, and a click's run or an experiment switch would wait
// behind them. The tile layer sends its requests through one queue with fewer slots than that.

export class RequestQueue {
  /** `max`: requests in flight at once. */
  constructor(max) {
    this.max = max;
    this.active = 0;
    this._waiting = [];
    this._seq = 0;
  }

  /** Requests waiting for a slot. */
  get waiting() { return this._waiting.length; }

  /**
   * Run `start()` (returning a promise) once a slot is free; resolves or rejects as it does.
   * `rank()` orders the waiting requests when a slot frees (lowest first, then in the order
   * asked); it is asked again each time, so ranks may change while a request waits. An abort of
   * `signal` while waiting takes the request out of the queue and rejects with an AbortError.
   */
  run(start, rank = () => 0, signal = null) {
    if (signal && signal.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const entry = { start, rank, resolve, reject, seq: this._seq++, signal, onAbort: null };
      if (signal) {
        entry.onAbort = () => {
          const i = this._waiting.indexOf(entry);
          if (i < 0) return; // already started: the request itself sees the abort
          this._waiting.splice(i, 1);
          reject(abortError());
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this._waiting.push(entry);
      this._next();
    });
  }

  /** Start the best-ranked waiting requests while slots are free. */
  _next() {
    while (this.active < this.max && this._waiting.length > 0) {
      const entry = this._take();
      if (entry.signal) entry.signal.removeEventListener('abort', entry.onAbort);
      this.active += 1;
      let p;
      try {
        p = Promise.resolve(entry.start());
      } catch (err) {
        p = Promise.reject(err);
      }
      p.then(entry.resolve, entry.reject).finally(() => {
        this.active -= 1;
        this._next();
      });
    }
  }

  /** Remove and return the waiting request with the lowest (rank, order asked). */
  _take() {
    let best = 0;
    let bestRank = this._waiting[0].rank();
    for (let i = 1; i < this._waiting.length; i += 1) {
      const r = this._waiting[i].rank();
      if (r < bestRank) { best = i; bestRank = r; }
    }
    return this._waiting.splice(best, 1)[0];
  }
}

function abortError() {
  return new DOMException('The request was aborted while it waited for a slot.', 'AbortError');
}

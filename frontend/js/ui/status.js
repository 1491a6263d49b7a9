// What the page says about the server while tiles are on their way: how many are computing, how
// long the oldest has waited, that the server cannot be reached (and that it is back), and, in
// Redis mode, that no worker is running to compute what is queued (from /healthz).
//
// The badge is for the tiles in view; the alert is for the server as a whole. When the server
// cannot be reached, /healthz is polled until it answers; then the alert goes away and
// `onBack` lets the page redo what failed meanwhile (load the experiment list, reopen the view).

/** Seconds a tile must have waited before the badge shows a clock and the page asks /healthz
 * whether anything is computing it; and how often it asks again while tiles wait. */
export const HEALTH_AFTER_S = 10;
const HEALTH_EVERY_MS = 10000;
const PROBE_EVERY_MS = 3000;
export const UNREACHABLE = 'The trainscape server is unreachable; retrying…';

/** m:ss for `s` seconds. */
const clock = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/**
 * The badge for `pending` tiles not final (of which `previews` show a preview and `offline`
 * could not reach the server), the oldest waiting `waited` seconds, and the last /healthz answer
 * `health` (null: none; {unreachable: true} for a 503 from it). Returns {text, title, kind}
 * (kind: 'computing' | 'offline' | 'stalled'), or null when nothing is pending (pure).
 */
export function badgeText({ pending, previews = 0, offline = 0, waited = 0, health = null }) {
  if (!pending) return null;
  const tiles = `${pending} tile${pending === 1 ? '' : 's'}`;
  const time = waited >= HEALTH_AFTER_S ? ` · ${clock(waited)}` : '';
  if (offline) {
    return { text: `Server unreachable · ${tiles} waiting${time}`, title: UNREACHABLE, kind: 'offline' };
  }
  const shown = previews ? ` (${previews} as preview)` : '';
  if (health && health.unreachable) {
    const title = 'The server answers but its tile queue (Redis) does not: tiles wait until it is back.';
    return { text: `${tiles} waiting${shown} · tile queue unreachable${time}`, title, kind: 'stalled' };
  }
  if (health && health.mode === 'redis' && health.workers === 0) {
    const title = 'No worker is running, so queued tiles are not computed. Start one with '
      + '`trainscape worker` (same TRAINSCAPE_REDIS_URL as the server).';
    return { text: `${tiles} queued${shown} · no worker running${time}`, title, kind: 'stalled' };
  }
  return { text: `${tiles} computing${shown}${time}`, title: '', kind: 'computing' };
}

/** The badge, the server alert and the polling behind them. */
export class ServerStatus {
  /**
   * `els`: {badge, alert}; `hooks`: getHealth() -> /healthz body (throws ApiError),
   * records() -> the tile layer's records ({state, since}), onBack() when the server answers
   * again after being unreachable.
   */
  constructor(els, hooks) {
    Object.assign(this, { els, hooks, counts: { pending: 0, previews: 0, offline: 0 } });
    this.health = null;
    this.healthAt = 0;
    this.down = false;
    this.tick = null;
    this.probe = null;
  }

  /** New counts from the tile layer. A tile that got values (a preview, or final) shows that
   * something computes again: a stalled /healthz answer is dropped until the next check. */
  tiles(pending, previews, offline) {
    if (this.health && (previews > this.counts.previews || pending < this.counts.pending)) this.health = null;
    this.counts = { pending, previews, offline };
    if (offline) this.unreachable();
    this.render();
  }

  /** Any answer from the server (a tile, JSON): it is reachable. */
  reachable() {
    if (!this.down) return;
    this.down = false;
    clearTimeout(this.probe);
    if (this.els.alert.textContent === UNREACHABLE) this.alert('');
    this.hooks.onBack();
  }

  /** A request could not reach the server: say so and probe /healthz until it answers. */
  unreachable() {
    if (this.down) return;
    this.down = true;
    this.alert(UNREACHABLE);
    const poll = async () => {
      try { await this.hooks.getHealth(); } catch (err) { if (err.status === 0) { this.probe = setTimeout(poll, PROBE_EVERY_MS); return; } }
      this.reachable();
    };
    this.probe = setTimeout(poll, PROBE_EVERY_MS);
  }

  /** Show `text` in the alert (empty: hide it). */
  alert(text) {
    this.els.alert.hidden = !text;
    this.els.alert.textContent = text || '';
  }

  /** Seconds the oldest tile not final has waited. */
  waited() {
    let since = Infinity;
    for (const r of this.hooks.records()) if (r.state !== 'ready' && r.state !== 'error') since = Math.min(since, r.since);
    return since === Infinity ? 0 : Math.floor((performance.now() - since) / 1000);
  }

  /** Redraw the badge; while tiles wait, tick every second and ask /healthz every 10 s. */
  render() {
    const waited = this.waited();
    const b = badgeText({ ...this.counts, waited, health: this.counts.pending ? this.health : null });
    const el = this.els.badge;
    el.hidden = !b;
    el.textContent = b ? b.text : '';
    el.title = b ? b.title : '';
    el.dataset.kind = b ? b.kind : '';
    el.dataset.count = String(this.counts.pending);
    clearTimeout(this.tick);
    if (!b) { this.health = null; return; }
    this.tick = setTimeout(() => this.render(), 1000);
    if (waited >= HEALTH_AFTER_S && !this.down && performance.now() - this.healthAt >= HEALTH_EVERY_MS) this.checkHealth();
  }

  async checkHealth() {
    this.healthAt = performance.now();
    try {
      this.health = await this.hooks.getHealth();
    } catch (err) {
      if (err.status === 0) { this.unreachable(); return; }
      this.health = { ...(err.body || {}), unreachable: err.status === 503 };
    }
    this.render();
  }
}

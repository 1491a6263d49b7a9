// Test helper: a canvas whose 2D context records every method call (nothing is drawn), with
// text widths of 6 px a character.

export function recordingCanvas(width = 320, height = 180) {
  const calls = [];
  const ctx = new Proxy({}, {
    get: (target, name) => (name in target ? target[name] : (...args) => { calls.push([name, ...args]); }),
    set: (target, name, value) => { target[name] = value; return true; },
  });
  ctx.measureText = (t) => ({ width: 6 * t.length });
  return { calls, canvas: { clientWidth: width, clientHeight: height, dataset: {}, getContext: () => ctx } };
}

// Exact arithmetic for deep zoom: rationals over BigInt, decimal strings, and 10**u to many digits.
// A rational is {n, d} with BigInt n and positive BigInt d (not necessarily reduced).

const LN10_DIGITS = '23025850929940456840179914546843642076011014886287729760333279009675726096773525';

/** Rational from a BigInt or integer Number. */
export function rat(n, d = 1n) {
  n = BigInt(n); d = BigInt(d);
  if (d === 0n) throw new RangeError('division by zero');
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

/** Parse an exact decimal string ("-3", "1.25", "2.5e-7") into a rational; throws on bad input. */
export function parseDecimal(text) {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(String(text));
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new SyntaxError(`not a decimal number: ${text}`);
  }
  const frac = m[3] || '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[4] || 0);
  if (Math.abs(e) > 400) throw new RangeError(`exponent out of range: ${text}`);
  if (e > 0) n *= 10n ** BigInt(e); else if (e < 0) d *= 10n ** BigInt(-e);
  return { n: m[1] === '-' ? -n : n, d };
}

export const add = (a, b) => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const sub = (a, b) => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a, b) => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a, b) => rat(a.n * b.d, a.d * b.n);
export const cmp = (a, b) => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };

/** Floor division of BigInts (rounds towards -infinity). */
export function floorDiv(n, d) {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}

export const floor = (a) => floorDiv(a.n, a.d);
export const ceil = (a) => -floorDiv(-a.n, a.d);

/** Nearest Number to a rational, accurate even when n and d are huge. */
export function toNumber(a) {
  if (a.n === 0n) return 0;
  const shift = BigInt(Math.max(0, a.d.toString(2).length - a.n.toString(2).length + 64));
  return Number((a.n << shift) / a.d) / 2 ** Number(shift);
}

/** Exact decimal string of a rational whose denominator divides 2^k * 5^m (finite expansion). */
export function toDecimalString(a, maxDigits = 200) {
  const neg = a.n < 0n;
  let n = neg ? -a.n : a.n;
  const ip = n / a.d;
  let r = n % a.d;
  let digits = '';
  while (r !== 0n && digits.length < maxDigits) {
    r *= 10n;
    digits += (r / a.d).toString();
    r %= a.d;
  }
  const s = digits ? `${ip}.${digits}` : `${ip}`;
  return neg && s !== '0' ? `-${s}` : s;
}

/** Rational nearest to a finite Number (exact: every double is a dyadic rational). */
export function fromNumber(x) {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  let d = 1n;
  let k = 0;
  while (!Number.isInteger(x * 2 ** k) && k < 1100) k += 1;
  d = 2n ** BigInt(k);
  return { n: BigInt(x * 2 ** k), d };
}

/** 10**u for a rational u, as {digits, exp10}: digits = `sig` significant digits, value = 0.d1d2..*10^exp10. */
export function pow10Digits(u, sig) {
  const P = sig + 12;
  const S = 10n ** BigInt(P);
  const i = floor(u);
  const f = sub(u, rat(i));
  const ln10 = BigInt(LN10_DIGITS.slice(0, P + 1)); // ln10 * 10^P
  const x = (f.n * ln10) / f.d; // f * ln10, scaled by S
  let term = S;
  let sum = S;
  for (let k = 1n; term !== 0n && k < 400n; k += 1n) {
    term = (term * x) / (S * k);
    sum += term;
  }
  // sum / S = 10^f in [1, 10): round to sig digits.
  let text = sum.toString(); // P+1 or P+2 digits
  let exp10 = Number(i) + (text.length - P); // value = 0.text * 10^exp10
  const keep = BigInt(text.slice(0, sig));
  const next = Number(text[sig] || '0');
  let rounded = (keep + (next >= 5 ? 1n : 0n)).toString();
  if (rounded.length > sig) { rounded = rounded.slice(0, sig); exp10 += 1; }
  return { digits: rounded, exp10 };
}

/** 10**u formatted with `sig` significant digits: plain for moderate magnitudes, else "1.23e-7". */
export function formatPow10(u, sig, keepZeros = false) {
  const { digits, exp10 } = pow10Digits(u, Math.max(1, sig));
  const e = exp10 - 1; // scientific exponent
  if (e >= -4 && e < 7) {
    let s;
    if (exp10 <= 0) s = `0.${'0'.repeat(-exp10)}${digits}`;
    else if (exp10 >= digits.length) s = digits + '0'.repeat(exp10 - digits.length);
    else s = `${digits.slice(0, exp10)}.${digits.slice(exp10)}`;
    return s.includes('.') && !keepZeros ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  }
  let mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  if (!keepZeros) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
  return `${mant}e${e}`;
}

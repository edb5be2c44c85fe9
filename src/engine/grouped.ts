// Counts in messages, grouped as en-US writes them (1,234,567). Number's toLocaleString('en-US') writes the same, but
// its first call loads ICU's number formatting: about 9 ms of every run's start-up, spent on one line of a warning.

/** `n` with its thousands grouped by commas, as n.toLocaleString('en-US') writes a whole number. */
export function grouped(n: number): string {
  // Fractions and numbers past 2^53 (no count reaches them) keep ICU's own rules.
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

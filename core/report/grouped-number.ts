/**
 * `1234567` → `1,234,567`: what `toLocaleString("en-US")` writes for an
 * integer, without a trip through ICU for each number (a report at GitHub's
 * 3,000-file limit formats three numbers per template). Other numbers still
 * go through ICU.
 */
export function groupedNumber(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.length > 3 ? "" : digits;
  if (!out) {
    const head = digits.length % 3 || 3;
    out = digits.slice(0, head);
    for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  }
  return n < 0 ? `-${out}` : out;
}

/**
 * `f` with its results kept for up to `size` distinct keys; past that the memo
 * starts over. For pure functions of a key that recurs across the templates of
 * a change (a variable name, a model, a line of text, a policy pattern): the
 * bound keeps a long-running process (the App) from growing with every change
 * it sees.
 */
export function boundedMemo<K, V>(f: (key: K) => V, size: number): (key: K) => V {
  const memo = new Map<K, V>();
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined || memo.has(key)) return hit as V;
    const value = f(key);
    if (memo.size >= size) memo.clear();
    memo.set(key, value);
    return value;
  };
}

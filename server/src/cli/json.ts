// JSON without recursion: xl.cfg lists nest arbitrarily deep, and JSON.stringify overflows the
// stack on very deep arrays. Output is compact and byte-for-byte what JSON.stringify would give.

type Json = string | number | boolean | null | undefined | Json[] | { [k: string]: Json };

export function toJson(root: unknown, indent = ''): string {
  const out: string[] = [];
  // Work items: a value to write, or a literal string to emit.
  const stack: Array<{ v: unknown; depth: number } | string> = [{ v: root, depth: 0 }];
  const nl = (depth: number): string => (indent ? '\n' + indent.repeat(depth) : '');
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { depth } = item;
    let v = item.v;
    // As JSON.stringify does: an object may say how it is serialized (lazily resolved diagnostics).
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
      out.push(v === undefined ? 'null' : JSON.stringify(v));
    } else if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push('[]');
        continue;
      }
      out.push('[');
      stack.push(nl(depth) + ']');
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ v: v[i], depth: depth + 1 });
        stack.push(i === 0 ? nl(depth + 1) : ',' + nl(depth + 1));
      }
    } else {
      const entries = Object.entries(v as Record<string, Json>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) {
        out.push('{}');
        continue;
      }
      out.push('{');
      stack.push(nl(depth) + '}');
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ v: entries[i][1], depth: depth + 1 });
        stack.push((i === 0 ? nl(depth + 1) : ',' + nl(depth + 1)) + JSON.stringify(entries[i][0]) + (indent ? ': ' : ':'));
      }
    }
  }
  return out.join('');
}

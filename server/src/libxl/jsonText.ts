// JSON text with 64-bit integers. libxl prints uint64 fields in full (libxl__uint64_gen_json), and
// JavaScript numbers lose precision past 2^53, so integers that do not fit are kept as bigint.
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** JSON.stringify with bigint support; `indent` as JSON.stringify's `space`. */
export function stringifyJson(value: JsonValue, indent = 0): string {
  const pad = (depth: number): string => (indent ? '\n' + ' '.repeat(indent * depth) : '');
  const go = (v: JsonValue, depth: number): string => {
    if (v === null) return 'null';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      return `[${v.map((x) => pad(depth + 1) + go(x, depth + 1)).join(',')}${pad(depth)}]`;
    }
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    const sep = indent ? ': ' : ':';
    return `{${keys.map((k) => pad(depth + 1) + JSON.stringify(k) + sep + go(v[k], depth + 1)).join(',')}${pad(depth)}}`;
  };
  return go(value, 0);
}

/** JSON.parse, except that integers beyond 2^53 become bigint instead of losing digits. */
export function parseJson(text: string): JsonValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`JSON: unexpected ${text[i] ?? 'end'} at ${i}`);
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: { [k: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        const k = value();
        if (typeof k !== 'string') fail();
        ws();
        if (text[i++] !== ':') fail();
        o[k as string] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return o;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const a: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return a;
        } else fail();
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
      return JSON.parse(m![0]) as string;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      if (m[1] || m[2]) return Number(m[0]);
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    for (const [w, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(w, i)) {
        i += w.length;
        return v;
      }
    }
    return fail();
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

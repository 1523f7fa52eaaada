// JSON without recursion: xl.cfg lists nest arbitrarily deep, and JSON.stringify overflows the
// stack on very deep arrays. Output is compact and byte-for-byte what JSON.stringify would give.
// Containers are walked one child at a time (a frame per open container, not an item per child),
// and the text is joined in chunks: a file with half a million keys costs its output, not a
// multiple of it.

interface Frame {
  /** Array items, or the object's keys. */
  array?: unknown[];
  object?: Record<string, unknown>;
  keys?: string[];
  next: number;
  depth: number;
  /** Whether a child was written (for the comma). */
  wrote: boolean;
}

/** As JSON.stringify does: an object may say how it is serialized (lazily resolved diagnostics). */
function resolved(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function'
    ? (v as { toJSON(): unknown }).toJSON()
    : v;
}

export function toJson(root: unknown, indent = ''): string {
  const chunks: string[] = [];
  let out: string[] = [];
  writeJson(
    root,
    (s) => {
      out.push(s);
      if (out.length >= 65536) {
        chunks.push(out.join(''));
        out = [];
      }
    },
    indent,
  );
  chunks.push(out.join(''));
  return chunks.join('');
}

/**
 * JSON text written piece by piece to `write` and flushed in pieces of about 64 kB: the output of
 * `xlcfg parse` over a file of a million keys is never one string (it was 3-4 copies of the output
 * at once: the pieces, their join, the line, its bytes).
 */
export class JsonStream {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: (s: string) => unknown) {}

  /** Raw JSON text. */
  text(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }

  /** A value, as toJson writes it. */
  value(v: unknown, indent = ''): void {
    writeJson(v, (s) => this.text(s), indent);
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.out(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** toJson's writer: the text of `root` in order, in pieces, to `emit`. */
function writeJson(root: unknown, emit: (s: string) => void, indent: string): void {
  const nl = (depth: number): string => (indent ? '\n' + indent.repeat(depth) : '');
  const stack: Frame[] = [];
  /** Writes a scalar, or opens a container (pushing its frame); returns whether something was written. */
  const value = (raw: unknown, depth: number, key?: string, first?: boolean, root = false): boolean => {
    const v = resolved(raw);
    // Object members that are undefined (or functions) are left out, as JSON.stringify does.
    if (key !== undefined && (v === undefined || typeof v === 'function')) return false;
    const prefix = root
      ? ''
      : (first ? '' : ',') + nl(depth) + (key !== undefined ? JSON.stringify(key) + (indent ? ': ' : ':') : '');
    if (
      v === null ||
      v === undefined ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      typeof v === 'string' ||
      typeof v === 'function'
    ) {
      emit(prefix + (v === undefined || typeof v === 'function' ? 'null' : JSON.stringify(v)));
    } else if (Array.isArray(v)) {
      emit(prefix + '[');
      stack.push({ array: v, next: 0, depth: depth + 1, wrote: false });
    } else {
      emit(prefix + '{');
      stack.push({
        object: v as Record<string, unknown>,
        keys: Object.keys(v as object),
        next: 0,
        depth: depth + 1,
        wrote: false,
      });
    }
    return true;
  };
  // The root is written without a leading newline or comma.
  value(root, 0, undefined, true, true);
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.array) {
      if (f.next < f.array.length) {
        const i = f.next++;
        f.wrote = value(f.array[i], f.depth, undefined, i === 0) || f.wrote;
        continue;
      }
      stack.pop();
      emit(f.array.length ? nl(f.depth - 1) + ']' : ']');
    } else {
      const keys = f.keys!;
      if (f.next < keys.length) {
        const k = keys[f.next++];
        if (value(f.object![k], f.depth, k, !f.wrote)) f.wrote = true;
        continue;
      }
      stack.pop();
      emit(f.wrote ? nl(f.depth - 1) + '}' : '}');
    }
  }
}

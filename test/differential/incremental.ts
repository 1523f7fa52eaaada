// The incremental re-parse against a whole parse, for the fuzzer: one edit derived from the input
// number, then every statement (offsets, line, value tree), setting, comment and diagnostic of
// reparse(old, new) must equal those of parse(new). Iterative walks: values nest ~5,000 deep.
import { parse, reparse } from '../../server/src/syntax/parser';
import type { Assignment, ConfigFile, ValueNode } from '../../server/src/syntax/tree';

const PIECES = [
  '',
  ' ',
  '\n',
  '#',
  '"',
  "'",
  '[',
  ']',
  ',',
  ';',
  '=',
  '+=',
  'x',
  'memory = 1\n',
  'a += "b"\n',
  'a += [ "c" ]\n',
  '# xlcfg: guest-os=linux\n',
  'l = [ "u",\n',
  '\\',
];

/** A deterministic edit of `text` for input number `n`: delete up to 7 characters somewhere, insert a piece. */
export function editFor(text: string, n: number): string {
  let h = (n * 2654435761) >>> 0;
  const next = (m: number): number => {
    h = ((h ^ (h >>> 13)) * 1274126177) >>> 0;
    return h % m;
  };
  const at = next(text.length + 1);
  const del = next(8);
  return text.slice(0, at) + PIECES[next(PIECES.length)] + text.slice(Math.min(text.length, at + del));
}

function nodeMismatch(a: ValueNode | undefined, b: ValueNode | undefined): string | null {
  const todo: Array<[ValueNode | undefined, ValueNode | undefined]> = [[a, b]];
  while (todo.length) {
    const [x, y] = todo.pop()!;
    if (!x || !y) {
      if (x !== y) return 'value present in one parse only';
      continue;
    }
    if (x.kind !== y.kind || x.start !== y.start || x.end !== y.end)
      return `value node ${x.kind}@${x.start}-${x.end} vs ${y.kind}@${y.start}-${y.end}`;
    if (x.kind === 'list' && y.kind === 'list') {
      if (x.closed !== y.closed || x.items.length !== y.items.length || x.commas.join() !== y.commas.join())
        return `list @${x.start} differs`;
      for (let i = 0; i < x.items.length; i++) todo.push([x.items[i], y.items[i]]);
    } else if (x.kind === 'string' && y.kind === 'string') {
      if (
        x.value !== y.value ||
        x.quote !== y.quote ||
        !!x.unterminated !== !!y.unterminated ||
        !!x.bareword !== !!y.bareword ||
        (x.sourceMap ?? []).join() !== (y.sourceMap ?? []).join()
      )
        return `string @${x.start} differs`;
    } else if (x.kind === 'number' && y.kind === 'number' && x.value !== y.value) return `number @${x.start} differs`;
  }
  return null;
}

function statementMismatch(a: Assignment, b: Assignment): string | null {
  for (const k of ['key', 'keyStart', 'keyEnd', 'op', 'opStart', 'start', 'end', 'line', 'broken'] as const) {
    if (a[k] !== b[k]) return `statement ${b.key}@${b.start}: ${k} ${String(a[k])} vs ${String(b[k])}`;
  }
  return nodeMismatch(a.value, b.value);
}

export function fileMismatch(got: ConfigFile, want: ConfigFile): string | null {
  if (got.ok !== want.ok) return `ok ${got.ok} vs ${want.ok}`;
  if (got.statements.length !== want.statements.length)
    return `${got.statements.length} statements vs ${want.statements.length}`;
  const index = new Map<Assignment, number>();
  for (let i = 0; i < got.statements.length; i++) {
    const m = statementMismatch(got.statements[i], want.statements[i]);
    if (m) return m;
    index.set(got.statements[i], i);
  }
  const wantIndex = new Map(want.statements.map((s, i) => [s, i]));
  const gotKeys = [...got.settings.keys()];
  const wantKeys = [...want.settings.keys()];
  if (gotKeys.join('\n') !== wantKeys.join('\n')) return 'settings keys or their order differ';
  for (const key of wantKeys) {
    const g = got.settings.get(key)!;
    const w = want.settings.get(key)!;
    if (g.appended !== w.appended) return `setting ${key}: appended differs`;
    const ids = (list: Assignment[], ix: Map<Assignment, number>): string => list.map((s) => ix.get(s)).join();
    if (ids(g.sources, index) !== ids(w.sources, wantIndex) || ids(g.all, index) !== ids(w.all, wantIndex))
      return `setting ${key}: statements differ`;
    if (JSON.stringify(flat(g.value)) !== JSON.stringify(flat(w.value))) return `setting ${key}: value differs`;
  }
  if (JSON.stringify(got.comments) !== JSON.stringify(want.comments)) return 'comments differ';
  if (JSON.stringify(got.directiveComments) !== JSON.stringify(want.directiveComments))
    return 'directive comments differ';
  if (JSON.stringify(got.diagnostics) !== JSON.stringify(want.diagnostics)) return 'diagnostics differ';
  return null;
}

/** A value as a flat token list (brackets and strings), without recursion. */
const CLOSE = {};

function flat(v: unknown): string[] {
  const out: string[] = [];
  const todo: unknown[] = [v];
  while (todo.length) {
    const x = todo.pop();
    if (typeof x === 'string') out.push(JSON.stringify(x));
    else if (x === CLOSE) out.push(']');
    else if (Array.isArray(x)) {
      out.push('[');
      todo.push(CLOSE);
      for (let i = x.length - 1; i >= 0; i--) todo.push(x[i]);
    }
  }
  return out;
}

/** Null when reparse after the edit for input `n` equals a whole parse; else what differs. */
export function reparseMismatch(text: string, n: number): string | null {
  const edited = editFor(text, n);
  try {
    return fileMismatch(reparse(parse(text, { incremental: true }), edited), parse(edited));
  } catch (e) {
    return `reparse threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

// libxlutil's typed getters (tools/libs/util/libxlu_cfg.c), over xlcfg's syntax tree: what xl
// gets when it asks for a key, the warning libxlu prints when the value has the wrong shape, and
// which keys xl asked for at all (a key never asked for is ignored without a word).
import { strtol0 } from '../schema/getters';
import type { ConfigFile, Setting, StringAtom, Value, ValueNode } from '../syntax/tree';
import type { PrintedLine } from './report';

/** Why a getter failed: ESRCH (absent) or EINVAL/ERANGE and the check that failed. */
export type GetFailure =
  | 'absent'
  | 'list'
  | 'not-a-list'
  | 'appended'
  | 'range'
  | 'not-a-number'
  | 'below-min'
  | 'above-max';

export type Got<T> =
  | { ok: true; value: T; setting: Setting }
  | { ok: false; why: GetFailure; setting?: Setting; warning?: PrintedLine };

/** LONG_MIN / LONG_MAX of the 64-bit hosts xl runs on. */
export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

/** An XLU_ConfigList: the items of a list value, with the nodes they came from when known. */
export interface XluList {
  setting: Setting;
  items: readonly Value[];
  nodes: ReadonlyArray<ValueNode | undefined>;
}

/**
 * One XLU_Config for one run of parse_config_data. Every lookup of a key the file sets is
 * remembered (`reads`) and every warning libxlu prints goes to `onWarning`, with the setting it is
 * about.
 */
export class Xlu {
  readonly reads = new Set<string>();

  constructor(
    readonly file: ConfigFile,
    private readonly onWarning: (setting: Setting, line: PrintedLine, why: GetFailure) => void,
    /** A number read in a way its writer may not expect (a leading 0 makes it octal). */
    private readonly onOctal: (setting: Setting, value: bigint) => void = () => undefined,
  ) {}

  /** libxlu_cfg.c: find — the last setting of that name (xlcfg's settings already hold it). */
  find(key: string): Setting | undefined {
    const s = this.file.settings.get(key);
    if (!s) return undefined;
    // Only the file's own keys are remembered: `reads` answers whether xl looks up a key the file
    // sets (xl asks for some 250 keys, a file sets a few dozen: a set of every lookup cost more).
    this.reads.add(key);
    if (!s.sources.length) return undefined;
    // A statement libxlu could not parse is not stored (a broken file is refused before this).
    for (const a of s.sources) if (a.broken) return undefined;
    return s;
  }

  /** set->lineno: the line the winning statement's value starts on (1-based; libxlu_cfg_y.y @3). */
  lineOf(s: Setting): number {
    const a = s.sources[s.sources.length - 1];
    return this.file.lines.positionAt(a.value?.start ?? a.keyStart).line + 1;
  }

  /**
   * A line libxlu prints about one value (xlu_cfg_value_get_list, _get_string) with the value's
   * location in front: `file:line:column: `. The line is where the value's first token is
   * (libxlu_cfg_y.y keeps the token's location; a list has its first item's, an empty one that of
   * its `]`); the column is always 0, since libxlu_cfg_l.l's GOT() sets only first_line and the
   * rest of the location stays as the parser's zeroed initial one. `node` missing (a value joined
   * by `+=`): the line of the setting.
   */
  valueLine(text: string, node: ValueNode | undefined, s: Setting): PrintedLine {
    return { text, line: node ? this.tokenLine(node) : this.lineOf(s), column: 0 };
  }

  private tokenLine(node: ValueNode): number {
    let n: ValueNode = node;
    while (n.kind === 'list' && n.items.length) n = n.items[0];
    const at = n.kind === 'list' ? (n.closed ? n.end - 1 : n.end) : n.start;
    return this.file.lines.positionAt(at).line + 1;
  }

  private warn(s: Setting, text: string, why: GetFailure, dontWarn: boolean): PrintedLine | undefined {
    if (dontWarn) return undefined;
    const line: PrintedLine = { text, line: this.lineOf(s) };
    this.onWarning(s, line, why);
    return line;
  }

  /** find_atom: a single value wanted. */
  private atom(key: string, dontWarn: boolean): Got<string> {
    const s = this.find(key);
    if (!s) return { ok: false, why: 'absent' };
    if (typeof s.value !== 'string') {
      const warning = this.warn(
        s,
        `warning: parameter \`${key}' is a list but should be a single value`,
        'list',
        dontWarn,
      );
      return { ok: false, why: 'list', setting: s, warning };
    }
    return { ok: true, value: s.value, setting: s };
  }

  /** xlu_cfg_get_string and xlu_cfg_replace_string (the same lookup; `+=` is fine for strings). */
  getString(key: string, dontWarn = false): Got<string> {
    return this.atom(key, dontWarn);
  }

  /** xlu_cfg_get_bounded_long (xlu_cfg_get_long is the same with LONG_MIN..LONG_MAX). */
  getLong(key: string, dontWarn = false, min = LONG_MIN, max = LONG_MAX): Got<bigint> {
    const a = this.atom(key, dontWarn);
    if (!a.ok) return a;
    const s = a.setting;
    if (s.appended) {
      const warning = this.warn(s, `warning: can't use += with numbers for parameter \`${key}'`, 'appended', dontWarn);
      return { ok: false, why: 'appended', setting: s, warning };
    }
    const r = strtol0(a.value);
    if (r.overflow) {
      const warning = this.warn(
        s,
        `warning: parameter \`${key}' could not be parsed as a number: Numerical result out of range`,
        'range',
        dontWarn,
      );
      return { ok: false, why: 'range', setting: s, warning };
    }
    if (r.end === 0 || r.end !== a.value.length) {
      const warning = this.warn(s, `warning: parameter \`${key}' is not a valid number`, 'not-a-number', dontWarn);
      return { ok: false, why: 'not-a-number', setting: s, warning };
    }
    if (r.value < min) {
      const warning = this.warn(
        s,
        `warning: value \`${r.value}' is smaller than minimum bound '${min}'`,
        'below-min',
        dontWarn,
      );
      return { ok: false, why: 'below-min', setting: s, warning };
    }
    if (r.value > max) {
      const warning = this.warn(
        s,
        `warning: value \`${r.value}' is greater than maximum bound '${max}'`,
        'above-max',
        dontWarn,
      );
      return { ok: false, why: 'above-max', setting: s, warning };
    }
    if (/^\s*[+-]?0[0-7]+\s*$/.test(a.value) && r.value !== BigInt(a.value.trim().replace(/^([+-]?)0+(?=\d)/, '$1')))
      this.onOctal(s, r.value);
    return { ok: true, value: r.value, setting: s };
  }

  /** xlu_cfg_get_defbool: get_long, then any non-zero value is true. */
  getDefbool(key: string, dontWarn = false): Got<boolean> {
    const r = this.getLong(key, dontWarn);
    return r.ok ? { ok: true, value: r.value !== 0n, setting: r.setting } : r;
  }

  /** xlu_cfg_get_list: a single value is refused, never wrapped. */
  getList(key: string, dontWarn = false): Got<XluList> {
    const s = this.find(key);
    if (!s) return { ok: false, why: 'absent' };
    if (typeof s.value === 'string') {
      const warning = this.warn(
        s,
        `warning: parameter \`${key}' is a single value but should be a list`,
        'not-a-list',
        dontWarn,
      );
      return { ok: false, why: 'not-a-list', setting: s, warning };
    }
    return { ok: true, value: { setting: s, items: s.value, nodes: listItemNodes(s) }, setting: s };
  }

  /** xlu_cfg_get_list_as_string_list: items that are lists become NULL (they end a C string list). */
  getListAsStringList(key: string, dontWarn = false): Got<string[]> {
    const r = this.getList(key, dontWarn);
    if (!r.ok) return r;
    const out: string[] = [];
    for (const it of r.value.items) {
      // sl[i] = NULL ends the list for every later reader.
      if (typeof it !== 'string') break;
      out.push(it);
    }
    return { ok: true, value: out, setting: r.setting };
  }
}

/** xlu_cfg_get_listitem: the string at `i`, or undefined past the end or for a nested list. */
export function listItem(list: XluList, i: number): string | undefined {
  const it = list.items[i];
  return typeof it === 'string' ? it : undefined;
}

/**
 * The value nodes behind each item of a list setting: `+=` joins the items of every source list
 * in order (libxlu_cfg.c: xlu__cfg_concat_vals).
 */
export function listItemNodes(s: Setting): Array<ValueNode | undefined> {
  const out: Array<ValueNode | undefined> = [];
  for (const a of s.sources) if (a.value?.kind === 'list') out.push(...a.value.items);
  if (!Array.isArray(s.value)) return [];
  return out.length === s.value.length ? out : s.value.map(() => undefined);
}

/** Where to point at a setting's value: the value node when one statement built it, else the key. */
export function valueSpan(s: Setting): { start: number; end: number } {
  const a = s.sources[s.sources.length - 1];
  if (s.sources.length === 1 && a.value) return { start: a.value.start, end: a.value.end };
  return { start: a.keyStart, end: a.keyEnd };
}

/** The key of the statement that decided a setting. */
export function keySpan(s: Setting): { start: number; end: number } {
  const a = s.sources[s.sources.length - 1];
  return { start: a.keyStart, end: a.keyEnd };
}

/** The node of a string setting's single statement, when the value is one literal. */
export function stringNode(s: Setting): StringAtom | undefined {
  const v = s.sources.length === 1 ? s.sources[0].value : undefined;
  return v?.kind === 'string' ? v : undefined;
}

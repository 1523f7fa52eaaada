// The state of one run of the xl model: the config being read, the libxl domain config being
// built, and what xl has printed so far. Each section of parse_config_data (one file each, in
// xl_parse.c's order) works on this. When xl would exit, the model records the refusal and goes on
// with the value ignored, so that later problems are reported too; reports made after the first
// exit say so (`afterExit`), and the config is then not one xl would print.
import { enumName, enumValue } from '../libxl/idl';
import type { HostShape } from '../libxl/physinfo';
import type { LibxlStruct, LibxlValue } from '../libxl/value';
import type { ConfigFile, Setting } from '../syntax/tree';
import { Xlu, keySpan, valueSpan, type GetFailure } from './libxlu';
import { atLeast } from './release';
import type { RuleId } from '../rules';
import type { PrintedLine, XlReport } from './report';
import type { SpecUse } from './specItems';
import { excerpt } from '../excerpt';

export interface Span {
  start: number;
  end: number;
}

/** Rule ids for libxlu's getter warnings, by what the key holds. */
export type Reading = 'boolean' | 'integer' | 'memory' | 'string' | 'list' | 'enum';

export class XlModel {
  readonly xlu: Xlu;
  readonly reports: XlReport[] = [];
  /** The report of the first refusal or crash: where xl stops. */
  exit?: XlReport;

  /** Every string handed to a sub-language parser, with its parse. */
  readonly specUses: SpecUse[] = [];
  /** Options of unmerged proposals, read only when the user asks (never in the printed config). */
  readonly proposed: { force_x2apic?: boolean } = {};
  /** Paths of values xl makes up at random (a generated uuid or VM generation id). */
  readonly generated: string[] = [];
  /** Affinity arrays a nested list left partly uninitialised (`cpus`, `cpus_soft`), and where. */
  readonly uninitialised: Array<Span & { key: string }> = [];

  readonly d: LibxlStruct = {};
  readonly c: LibxlStruct = {};
  readonly b: LibxlStruct = {};
  /**
   * What the getter warnings are about, for the key being read (set by `reading`; the last
   * declaration of a key wins). Two arrays: declared on every read, looked up only on a warning.
   */
  private readonly readingKeys: string[] = [];
  private readonly readingAs: Reading[] = [];

  constructor(
    readonly file: ConfigFile,
    /** The release whose xl runs ("4.17" ... "4.22"). */
    readonly release: string,
    readonly host: HostShape,
    /** The version the user targets (older than 4.17 runs 4.17's xl, see release.ts). */
    readonly target: string = release,
  ) {
    this.d.c_info = this.c;
    this.d.b_info = this.b;
    this.xlu = new Xlu(
      file,
      (s, line, why) => this.getterWarning(s, line, why),
      (s, value) =>
        this.silent(
          'value/integer',
          s.key,
          valueSpan(s),
          `xl reads \`${String(s.value).trim()}\` as ${value}: a leading 0 means octal`,
          { hint: true, octal: value },
        ),
    );
  }

  atLeast(version: string): boolean {
    return atLeast(this.release, version);
  }

  /** b_info->u.<type>: the active member of the build-info union. */
  get u(): LibxlStruct {
    return ((this.b.u as LibxlStruct | undefined) ??= {});
  }

  /**
   * A field of b_info->u.hvm written whatever the guest type (xl_parse.c does this for `rdm` and the
   * top-level vnc/sdl keys): for HVM it is the real field; for PV and PVH the union's other member
   * occupies that memory. Both members are far shorter than the offset of these fields, so the
   * write lands past them and nothing of it shows in the config xl prints.
   */
  hvmField(): LibxlStruct {
    return this.b.type === 'hvm' ? this.u : {};
  }

  report(r: Omit<XlReport, 'afterExit'>): XlReport {
    if (this.pending && r.printed.length) {
      // The previous report's last line had no newline: this report's first line continues it,
      // libxlu's prefix (when it puts one) coming after the words already printed.
      const [first, ...rest] = r.printed;
      const p = this.pending;
      const prefixed = first.line !== undefined || first.source;
      const joined: PrintedLine =
        prefixed && p.line === undefined && !p.source
          ? { ...first, lead: (p.lead ?? '') + p.text + (first.lead ?? '') }
          : { ...first, text: p.text + first.text, line: p.line ?? first.line };
      r = { ...r, printed: [joined, ...rest] };
      this.pending = undefined;
    }
    const out: XlReport = this.exit ? { ...r, afterExit: true } : r;
    this.reports.push(out);
    if (!this.exit && (r.effect === 'refusal' || r.effect === 'crash' || r.effect === 'hang')) this.exit = out;
    return out;
  }

  /** The last line of `r` has no newline: move it onto the next report's first line. */
  continueLine(r: XlReport): void {
    const last = r.printed[r.printed.length - 1];
    if (!last) return;
    r.printed = r.printed.slice(0, -1);
    this.pending = last;
  }

  private pending?: PrintedLine;

  /** At the end: a line left waiting for a continuation goes back to its report. */
  flush(): void {
    if (!this.pending) return;
    const last = [...this.reports].reverse().find((r) => r.printed.length === 0 && r.effect !== 'silent');
    if (last) last.printed = [this.pending];
    this.pending = undefined;
  }

  /** xl prints `printed` and exits. */
  refuse(
    rule: RuleId,
    key: string,
    at: Span,
    printed: string[] | PrintedLine[],
    message: string,
    data?: Record<string, unknown>,
  ): XlReport {
    return this.report({ effect: 'refusal', rule, key, ...at, printed: lines(printed), message, data });
  }

  /** xl itself crashes (abort or segmentation fault) on this input. */
  crash(rule: RuleId, key: string, at: Span, printed: string[], message: string): XlReport {
    return this.report({ effect: 'crash', rule, key, ...at, printed: lines(printed), message });
  }

  warn(
    rule: RuleId,
    key: string,
    at: Span,
    printed: string[] | PrintedLine[],
    message: string,
    data?: Record<string, unknown>,
  ): XlReport {
    return this.report({ effect: 'warning', rule, key, ...at, printed: lines(printed), message, data });
  }

  /** Something xl does without a word. */
  silent(rule: RuleId, key: string, at: Span, message: string, data?: Record<string, unknown>): XlReport {
    return this.report({ effect: 'silent', rule, key, ...at, printed: [], message, data });
  }

  /**
   * xl matched a word by prefix or without regard to case: say what it read, when that differs
   * from what is written (a hint, with a fix to write the word out).
   */
  readAs(s: Setting, written: string, read: string, how: 'prefix' | 'case'): void {
    if (written === read) return;
    const msg =
      how === 'prefix'
        ? written === ''
          ? `xl reads an empty \`${s.key}\` as "${read}" (a prefix match)`
          : `xl reads "${written}" as "${read}" (a prefix match)`
        : `xl reads "${written}" as "${read}" (case does not matter)`;
    this.silent('value/enum', s.key, valueSpan(s), msg, { hint: how === 'case', read, information: how === 'prefix' });
  }

  /** libxl_<enum>_from_string (ASCII case-insensitive): the value's name, noting a case difference. */
  fromString(enumType: string, s: Setting, value: string): string | undefined {
    const n = enumValue(enumType, value, this.release);
    if (n === undefined) return undefined;
    const name = enumName(enumType, n, this.release)!;
    this.readAs(s, value, name, 'case');
    return name;
  }

  /** Declare what the next getter reads `key` as, so its warning is filed under the right rule. */
  reading(key: string, as: Reading): this {
    this.readingKeys.push(key);
    this.readingAs.push(as);
    return this;
  }

  valueAt(s: Setting): Span {
    return valueSpan(s);
  }

  keyAt(s: Setting): Span {
    return keySpan(s);
  }

  /** Where a key is set, or the start of the file when it is not. */
  at(key: string): Span {
    const s = this.file.settings.get(key);
    return s ? valueSpan(s) : { start: 0, end: 0 };
  }

  private getterWarning(s: Setting, line: PrintedLine, why: GetFailure): void {
    const i = this.readingKeys.lastIndexOf(s.key);
    const as = i < 0 ? 'string' : this.readingAs[i];
    const rule = getterRule(why, as, s);
    this.report({
      effect: 'warning',
      rule,
      key: s.key,
      ...(why === 'appended' ? appendSpan(s) : valueSpan(s)),
      printed: [line],
      message: getterMessage(why, as, s),
      data: { why, as },
    });
  }
}

function lines(printed: string[] | PrintedLine[]): PrintedLine[] {
  return printed.map((p) => (typeof p === 'string' ? { text: p } : p));
}

function appendSpan(s: Setting): Span {
  const a = s.sources[s.sources.length - 1];
  return { start: a.opStart, end: a.opStart + 2 };
}

const UNIT = /^\s*\d+\s*[kKmMgGtT](?:i?[bB])?\s*$/;
const WORD_BOOL = /^\s*(true|false|yes|no|on|off|y|n|enabled?|disabled?|none)\s*$/i;

function getterRule(why: GetFailure, as: Reading, s: Setting): RuleId {
  switch (why) {
    case 'list':
      return 'value/string-expected';
    case 'not-a-list':
      return 'value/list-expected';
    case 'appended':
      return 'value/append-numeric';
    case 'range':
    case 'below-min':
    case 'above-max':
      return 'value/range';
    default: {
      const text = typeof s.value === 'string' ? s.value : '';
      if (as === 'boolean') return 'value/boolean';
      if (UNIT.test(text)) return 'value/unit';
      return 'value/integer';
    }
  }
}

function getterMessage(why: GetFailure, as: Reading, s: Setting): string {
  const k = `\`${s.key}\``;
  const text = typeof s.value === 'string' ? s.value : '';
  switch (why) {
    case 'list':
      return `${k} takes one value, not a list: xl warns and ignores it`;
    case 'not-a-list':
      return `${k} takes a list: xl warns and ignores this single value`;
    case 'appended':
      return `\`+=\` on the number ${k}: xl warns and ignores it`;
    case 'range':
      return `${k} does not fit in 64 bits: xl warns and ignores it`;
    case 'below-min':
    case 'above-max':
      return `${k} is out of range: xl warns and ignores it`;
    default:
      if (/^\s*[+-]?0\d*[89]\d*\s*$/.test(text))
        return `${excerpt(text.trim(), 20)} is no number to xl (leading 0: octal): xl warns and ignores ${k}`;
      if (as === 'boolean') {
        return WORD_BOOL.test(text)
          ? `${k} takes 0 or 1, not a word: xl warns and ignores it`
          : `${k} takes 0 or 1: xl warns and ignores it`;
      }
      if (UNIT.test(text)) return `Numbers have no units in xl.cfg: xl warns and ignores ${k}`;
      return `${k} is not a number to xl: xl warns and ignores it`;
  }
}

/** Array helper: a device array of d_config, created on first use. */
export function deviceArray(d: LibxlStruct, field: string): LibxlValue[] {
  const a = (d[field] as LibxlValue[] | undefined) ?? [];
  d[field] = a;
  return a;
}

/** A getter called with warnings off failed and xl goes on without the key: say so. */
export function silentlyIgnored(m: XlModel, r: { ok: false; why: GetFailure; setting?: Setting }): void {
  if (r.why === 'absent' || !r.setting) return;
  const k = `\`${r.setting.key}\``;
  const what = r.why === 'list' ? 'a list' : r.why === 'appended' ? 'written with `+=`' : 'not a number';
  const rule =
    r.why === 'list'
      ? 'value/string-expected'
      : r.why === 'appended'
        ? 'value/append-numeric'
        : UNIT.test(String(r.setting.value))
          ? 'value/unit'
          : 'value/integer';
  m.silent(
    rule,
    r.setting.key,
    r.why === 'appended' ? appendSpan(r.setting) : valueSpan(r.setting),
    `${k} is ${what}: xl ignores it without a word`,
  );
}

// The xl model (server/src/xl) against Xen's real xl (`xl -N create`), one config at a time: the
// four checks of the differential test, each difference with a signature that groups differences
// of one cause, and a shrinker that cuts a config down to the statements that still differ.
import { domainConfigJson } from '../../server/src/libxl/json';
import { stringifyJson, type JsonValue } from '../../server/src/libxl/jsonText';
import { parse } from '../../server/src/syntax/parser';
import type { Assignment, ConfigFile } from '../../server/src/syntax/tree';
import { decodeUtf8 } from '../../server/src/syntax/utf8';
import { parseConfigData, type XlResult } from '../../server/src/xl/parseConfigData';
import { archOf } from '../../server/src/domain/domain';
import { factDirectives } from '../../server/src/domain/directives';
import { formatPrinted } from '../../server/src/xl/report';
import { checkFile } from '../../server/src/checks/check';
import type { Diagnostic } from '../../server/src/diagnostic';
import { defaultOptions } from '../../server/src/options';
import { GLIBC_ABORT, runXl, WRAPPER_LINE, type OracleRelease, type XlRun } from '../oracle/xlDryrun';

/** The oracle's host (../shared/oracle/xl-dryrun/xlshim.c): 64 CPUs in 8 NUMA nodes. */
export const ORACLE_HOST = { cpus: 64, nodes: 8 };

export type Check = 'verdict' | 'warnings' | 'config' | 'reads' | 'diagnosed' | 'claims';
export const CHECKS: readonly Check[] = ['verdict', 'warnings', 'config', 'reads', 'diagnosed', 'claims'];
/** Checks counted per item (a probe, a printed line, a diagnostic) rather than per config. */
export const PER_ITEM: ReadonlySet<Check> = new Set<Check>(['reads', 'diagnosed', 'claims']);

export interface ModelRun {
  file: ConfigFile;
  /** The xl model for an x86 xl, as the oracle's. */
  result: XlResult;
  /**
   * What the user sees: checkFile's diagnostics for this release and the oracle's host. Absent
   * for a file xlcfg reads as an Arm config (an Arm-only key): they are about an Arm xl.
   */
  diagnostics?: Diagnostic[];
}

export function runModel(bytes: Uint8Array, release: OracleRelease): ModelRun {
  const dec = decodeUtf8(bytes);
  const file = parse(dec.text, { invalidUtf8: dec.invalidUtf8, lastCharBytes: dec.lastCharBytes });
  if (archOf(file, factDirectives(file)).value === 'x86') {
    const checked = checkFile(file, defaultOptions({ xenVersion: release, host: ORACLE_HOST }));
    return { file, result: checked.xl, diagnostics: checked.diagnostics };
  }
  const result = parseConfigData(file, { xenVersion: release, arch: 'x86', host: ORACLE_HOST, proposed: false });
  return { file, result };
}

export interface Difference {
  check: Check;
  /** What differs, with file names, line numbers and values taken out. */
  signature: string;
  /** The cause it belongs to: the signature, or for configs the subtree (`disks[]`) that differs. */
  group: string;
  /** What xl does and what the model says, in full, for a person. */
  xl: string;
  model: string;
}

export interface Tally {
  agree: number;
  total: number;
}

/** One config, one release: which checks agree (undefined: the check does not apply). */
export interface Outcome {
  verdict: boolean;
  warnings?: boolean;
  config?: boolean;
  /** xl's printed lines that have a diagnostic, of those checked. */
  diagnosed: Tally;
  /** Diagnostics whose claim about xl's output holds, of those checked. */
  claims: Tally;
  differences: Difference[];
}

/** What xl itself printed: the wrapper's shell lines aside. */
function xlStderr(run: XlRun): string[] {
  return run.stderr.filter((l) => !WRAPPER_LINE.test(l));
}

/** xl died of a signal (the shell's 128 + signal: SIGABRT 134, SIGBUS 135, SIGSEGV 139, ...). */
function xlCrashed(run: XlRun): boolean {
  return run.rc > 128 && run.rc < 160;
}

function xlVerdict(run: XlRun): string {
  if (run.rc === 0) return 'accepts';
  return xlCrashed(run) ? `crashes (rc ${run.rc})` : 'refuses';
}

/** A printed line with what varies between inputs taken out, so that one cause makes one signature. */
export function normalise(line: string): string {
  return line
    .replace(/^[^\s:]+\.cfg:(\d+:){0,2} ?/, 'F: ')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/`[^`']*'/g, "`…'")
    .replace(/'[^']*'/g, "'…'")
    .replace(/: \S+$/, ': …')
    .replace(/-?\b(0x)?[0-9a-f]*\d[0-9a-f]*\b/gi, 'N');
}

/** Every line the model says xl prints, and those it prints before its first exit. */
function modelLines(
  result: XlResult,
  source: string,
): { all: Set<string>; beforeExit: Array<{ line: string; rule: string }> } {
  const all = new Set<string>();
  const beforeExit: Array<{ line: string; rule: string }> = [];
  for (const rep of result.reports) {
    for (const p of rep.printed) {
      const line = formatPrinted(p, source);
      all.add(line);
      if (!rep.afterExit) beforeExit.push({ line, rule: rep.rule });
    }
  }
  return { all, beforeExit };
}

/**
 * Fields xl fills with random bytes (libxl_uuid_generate when the file gives no uuid;
 * libxl_ms_vm_genid_generate for `ms_vm_genid = "generate"`): not compared where the model gives
 * no value for them (absent, or an Unknown, which prints as null).
 */
const RANDOM_FIELDS = ['c_info.uuid', 'b_info.type.hvm.ms_vm_genid'];

/** The paths left out of the config check: the random fields the model does not know, and `generated`. */
export function randomPaths(model: XlResult): string[] {
  const ours = domainConfigJson(model.config, model.release);
  const unknown = RANDOM_FIELDS.filter((p) => ['absent', 'null'].includes(valueAt(ours, p)));
  return [...unknown, ...model.generated];
}

/** xl's config with what it makes up at random removed (see randomPaths). */
export function comparableXlConfig(config: JsonValue, model: XlResult): JsonValue {
  const copy = structuredClone(config) as { [k: string]: JsonValue };
  for (const p of randomPaths(model)) deletePath(copy, p);
  return copy;
}

/**
 * Deletes a dotted path from JSON. Keys may hold dots themselves (a union member prints as
 * `type.hvm`), so each step takes the longest key that starts the rest of the path.
 */
export function deletePath(obj: JsonValue, path: string): void {
  let o = obj;
  let rest = path;
  for (;;) {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    const keys = Object.keys(o)
      .filter((k) => rest === k || rest.startsWith(k + '.'))
      .sort((a, b) => b.length - a.length);
    if (!keys.length) return;
    const k = keys[0];
    if (rest === k) {
      delete (o as { [k: string]: JsonValue })[k];
      return;
    }
    o = (o as { [k: string]: JsonValue })[k];
    rest = rest.slice(k.length + 1);
  }
}

/** The paths where two JSON values differ (a missing side counts at the key), at most `max`. */
export function jsonDiff(a: JsonValue, b: JsonValue, path = '', out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  const isObj = (v: JsonValue): v is { [k: string]: JsonValue } => !!v && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}.length`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) jsonDiff(a[i], b[i], `${path}[${i}]`, out, max);
    return out;
  }
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a) || !(k in b)) out.push(p);
      else jsonDiff(a[k], b[k], p, out, max);
    }
    return out;
  }
  if (stringifyJson(a) !== stringifyJson(b)) out.push(path);
  return out;
}

/** A device array's element (`disks[]`) or, elsewhere, the field itself. */
function configGroup(path: string): string {
  const i = path.indexOf('[]');
  return i >= 0 ? path.slice(0, i + 2) : path;
}

/** The value at a path of jsonDiff's (`a.type.hvm.b[2].c`; keys may hold dots), or `absent`. */
export function valueAt(o: JsonValue, path: string): string {
  let v: JsonValue | undefined = o;
  let rest = path;
  while (rest) {
    if (v === undefined || v === null || typeof v !== 'object') return 'absent';
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index) {
      v = Array.isArray(v) ? v[Number(index[1])] : undefined;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (Array.isArray(v)) return rest === 'length' ? String(v.length) : 'absent';
    const obj = v as { [k: string]: JsonValue };
    const key = Object.keys(obj)
      .filter((k) => rest === k || rest.startsWith(k + '.') || rest.startsWith(k + '['))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return 'absent';
    v = obj[key];
    rest = rest.slice(key.length).replace(/^\./, '');
  }
  return v === undefined ? 'absent' : stringifyJson(v);
}

/** Compares the model with one xl run of the same text (`source`: the file name xl was given). */
export function compareRun(run: ModelRun, xl: XlRun, source: string): Outcome {
  const { result } = run;
  const differences: Difference[] = [];
  const xlAccepts = xl.rc === 0;
  const exitLines = (): string =>
    (result.reports.find((r) => r.effect === 'refusal' || r.effect === 'crash')?.printed ?? [])
      .map((p) => formatPrinted(p, source))
      .join(' / ');

  const xlLines = xlStderr(xl);
  const lines = modelLines(result, source);
  // Where xl stopped and the model did not (or the reverse): one cause, whose knock-on effects
  // (lines the model prints after the point where xl exited) are filed under it too.
  const xlExit = xlAccepts ? undefined : (xlLines[xlLines.length - 1] ?? '');
  const crashed = xlCrashed(xl);
  const missedExit = !xlAccepts && (crashed || !lines.all.has(xlExit!) || result.accepted);
  const modelExit = result.reports.find((r) => !r.afterExit && (r.effect === 'refusal' || r.effect === 'crash'));
  const modelExitLine = modelExit?.printed[0]
    ? formatPrinted(modelExit.printed[0], source)
    : (modelExit?.message ?? '');
  const modelCrashes = modelExit?.effect === 'crash';
  const modelSays = modelExit
    ? `${modelCrashes ? 'crashes' : 'refuses'} at ${modelExit.rule}: ${normalise(modelExitLine)}`
    : 'accepts';
  const exitGroup = crashed
    ? `xl crashes (rc ${xl.rc}), the model ${modelSays}`
    : `xl exits, the model goes on: ${normalise(xlExit ?? '')}`;
  const extraGroup = `the model exits, xl goes on: ${modelExit?.rule ?? '?'} ${normalise(modelExitLine)}`;

  // (i) verdict
  const verdict = xlAccepts === result.accepted;
  if (!verdict) {
    const group = xlAccepts ? extraGroup : exitGroup;
    differences.push({
      check: 'verdict',
      signature: `xl ${xlVerdict(xl)}, model ${result.accepted ? 'accepts' : 'refuses'}`,
      group,
      xl: `rc ${xl.rc}: ${xl.stderr.join(' / ')}`,
      model: result.accepted ? 'accepted' : `refused: ${exitLines()}`,
    });
  }

  // (ii) warnings, libxlutil's syntax errors included
  let warnings: boolean | undefined;
  {
    const xlSet = new Set(xlLines);
    let ok = true;
    for (const l of new Set(xlLines)) {
      if (lines.all.has(l)) continue;
      ok = false;
      const glibc = crashed && GLIBC_ABORT.test(l);
      const signature = `${glibc ? 'glibc aborts xl' : 'xl prints, model does not'}: ${normalise(l)}`;
      differences.push({
        check: 'warnings',
        signature,
        group:
          glibc && modelCrashes
            ? `glibc aborts xl where the model says it crashes: ${normalise(l)}`
            : l === xlExit && missedExit
              ? exitGroup
              : signature,
        xl: l,
        model: [...lines.all].join(' / ') || '(nothing)',
      });
    }
    // The model's lines after the last one xl printed too, when xl exited where the model did not.
    const anchor = lines.beforeExit.map((x) => xlSet.has(x.line)).lastIndexOf(true);
    lines.beforeExit.forEach(({ line, rule }, i) => {
      if (xlSet.has(line)) return;
      ok = false;
      const signature = `model claims (${rule}), xl does not print: ${normalise(line)}`;
      const group = missedExit && i > anchor ? exitGroup : xlAccepts && line === modelExitLine ? extraGroup : signature;
      differences.push({ check: 'warnings', signature, group, xl: xlLines.join(' / ') || '(nothing)', model: line });
    });
    warnings = ok;
  }

  // (iii) config, when both accept
  let config: boolean | undefined;
  if (xlAccepts && result.accepted && xl.config) {
    const ours = domainConfigJson(result.config, result.release);
    const theirs = comparableXlConfig(xl.config, result);
    for (const p of randomPaths(result)) deletePath(ours, p);
    const paths = jsonDiff(theirs, ours);
    config = paths.length === 0;
    const seen = new Set<string>();
    for (const p of paths) {
      const sig = p.replace(/\[\d+\]/g, '[]');
      if (seen.has(sig)) continue;
      seen.add(sig);
      differences.push({
        check: 'config',
        signature: `config differs at ${sig}`,
        group: `config differs under ${configGroup(sig)}`,
        xl: `${p} = ${valueAt(theirs, p)}`,
        model: `${p} = ${valueAt(ours, p)}`,
      });
    }
  }
  const diagnosed = checkDiagnosed(run, xl, source, differences);
  const claims = checkClaims(run, xl, source, differences);
  return { verdict, warnings, config, diagnosed, claims, differences };
}

// ---------------------------------------------------------------------------------------------
// (v) diagnosed, (vi) claims: what the user sees, checkFile's diagnostics, against xl's output.

/** libxlu's prefix on a line xl prints: the config's name, with a line (and column) or without. */
function splitPrefix(line: string, source: string): { line?: number; text: string } {
  const esc = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The prefix may follow the words of a message left without a newline (libxlu's PCI, RDM errors).
  const m = new RegExp(`^(?:.*?)${esc}(?::(\\d+)(?::\\d+)?)?: (.*)$`, 's').exec(line);
  if (!m) return { text: line };
  return { line: m[1] === undefined ? undefined : Number(m[1]), text: m[2] };
}

const SEVERE = new Set(['error', 'warning']);

/**
 * Every line xl prints (for a file libxlu could read: its syntax errors are the parser's, proven
 * by the libxlutil tests) has a diagnostic of severity warning or error that says so: on that line
 * of the file when libxlu names one, else one whose claim prints those words. And when xl refuses
 * or crashes, an error says xl does (one more item): the verdict as the user sees it.
 */
function checkDiagnosed(run: ModelRun, xl: XlRun, source: string, out: Difference[]): Tally {
  const t = { agree: 0, total: 0 };
  const diagnostics = run.diagnostics;
  if (!run.file.ok || !diagnostics) return t;
  const severe = diagnostics.filter((d) => SEVERE.has(d.severity));
  const miss = (signature: string, xlSays: string): void => {
    out.push({
      check: 'diagnosed',
      signature,
      group: signature,
      xl: xlSays,
      model: diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}: ${d.message}`).join(' / ') || '(none)',
    });
  };
  const crashed = xlCrashed(xl);
  const saysCrash = diagnostics.some(
    (d) => d.claim?.by === 'xl' && d.claim.effect === 'crash' && !d.claim.afterEarlierExit,
  );
  for (const l of new Set(xlStderr(xl))) {
    const { line, text } = splitPrefix(l, source);
    const found = severe.some(
      (d) =>
        d.claim?.printed?.includes(text) ||
        (line !== undefined && d.range.start.line <= line - 1 && line - 1 <= d.range.end.line),
    );
    t.total++;
    if (found) t.agree++;
    else if (crashed && saysCrash && GLIBC_ABORT.test(l))
      miss(`glibc aborts xl where a diagnostic says it crashes: ${normalise(l)}`, l);
    else miss(`xl prints, no diagnostic says it: ${normalise(l)}`, l);
  }
  if (xl.rc !== 0) {
    const stops = (e: string): boolean => e === 'refusal' || e === 'crash' || e === 'hang';
    const said = diagnostics.some(
      (d) => d.severity === 'error' && d.claim?.by === 'xl' && stops(d.claim.effect) && !d.claim.afterEarlierExit,
    );
    t.total++;
    if (said) t.agree++;
    else miss(`xl ${xlVerdict(xl)}, no error says xl does`, `rc ${xl.rc}: ${xlStderr(xl).join(' / ')}`);
  }
  return t;
}

/**
 * No false claims: a diagnostic that says xl warns, refuses, crashes or never finishes (its claim,
 * by xl, and not only once an earlier refusal is fixed) has that from xl: the words it quotes
 * among xl's lines, and xl refusing (crashing) when it says so. Claims by libxl and Xen concern
 * domain creation, which `xl -N create` does not reach; 'silent' claims are the reads check's.
 */
function checkClaims(run: ModelRun, xl: XlRun, source: string, out: Difference[]): Tally {
  const t = { agree: 0, total: 0 };
  const xlLines = xlStderr(xl);
  const texts = new Set(xlLines.map((l) => splitPrefix(l, source).text));
  // A message left without a newline shares its line with what xl prints next.
  const printedWord = (p: string): boolean => texts.has(p) || xlLines.some((l) => p !== '' && l.startsWith(p));
  const crashed = xlCrashed(xl);
  for (const d of run.diagnostics ?? []) {
    const c = d.claim;
    if (c?.by !== 'xl' || c.effect === 'silent' || c.afterEarlierExit) continue;
    t.total++;
    const missing = (c.printed ?? []).filter((p) => !printedWord(p));
    const stops = c.effect === 'refusal' || c.effect === 'crash' || c.effect === 'hang';
    const wrong = missing.length
      ? `xl does not print: ${missing[0]}`
      : stops && xl.rc === 0
        ? 'xl accepts'
        : c.effect === 'crash' && !crashed
          ? `xl does not crash (rc ${xl.rc})`
          : undefined;
    if (!wrong) {
      t.agree++;
      continue;
    }
    const signature = `${d.code} claims xl ${c.effect === 'warning' ? 'warns' : c.effect === 'refusal' ? 'refuses' : c.effect + 'es'}, but ${normalise(wrong)}`;
    out.push({
      check: 'claims',
      signature,
      group: signature,
      xl: `rc ${xl.rc}: ${xlStderr(xl).join(' / ') || '(nothing)'}`,
      model: `${d.code}@${d.range.start.line + 1}: ${d.message} [${(c.printed ?? []).join(' / ')}]`,
    });
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// (iv) reads: a key the model says xl never reads, or that a diagnostic says xl ignores, must not
// change xl's config when deleted (nor one statement a diagnostic says xl ignores).

/** Keys set in the file that the model says xl does not look up. */
export function unreadKeys(run: ModelRun): string[] {
  return [...run.file.settings.keys()].filter((k) => !run.result.reads.has(k));
}

/** The text with every statement of `key` blanked out (lines stay where they are). */
export function withoutKey(file: ConfigFile, key: string): string {
  const s = file.settings.get(key);
  if (!s) return file.text;
  return blank(file.text, s.all);
}

function blank(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = text;
  for (const a of spans)
    out = out.slice(0, a.start) + out.slice(a.start, a.end).replace(/[^\n]/g, ' ') + out.slice(a.end);
  return out;
}

/**
 * Rules whose every diagnostic says xl never reads, or silently ignores, the key it is on. (Not
 * key/not-for-arch: an Arm key on x86 "has no effect", but xl reads and stores it; its message
 * says "xl never reads" only for an x86 key on Arm.)
 */
const KEY_IGNORED = new Set([
  'key/unknown',
  'key/suggested-name',
  'key/proposed',
  'key/newer-than-target',
  'key/not-for-guest-type',
  'key/unread',
]);

/** A diagnostic's claim that xl ignores a whole key, or one statement of it. */
export interface IgnoreClaim {
  rule: string;
  key: string;
  /** Only this statement (an earlier one of a key set again: key/duplicate). */
  statement?: Assignment;
}

/**
 * Every diagnostic that tells the user xl ignores a key: the key rules that say xl never reads it
 * (or ignores it silently), key/duplicate for the statement that loses, and the diagnostics whose
 * claim says xl ignores the key's value, with or without a warning, placed on that key's last
 * statement (key or value). Not: claims of libxl and Xen (at creation, beyond `xl -N`), a value
 * xl reads but drops part of (items of a list, fields of a spec), and key/ignored's "xl stores it
 * but nothing uses it".
 */
export function ignoreClaims(run: ModelRun): IgnoreClaim[] {
  const out: IgnoreClaim[] = [];
  const file = run.file;
  const offset = (p: { line: number; character: number }): number => file.lines.offsetAt(p);
  for (const d of run.diagnostics ?? []) {
    const start = offset(d.range.start);
    const end = offset(d.range.end);
    const a = file.statements.find((x) => !x.broken && x.keyStart === start && x.keyEnd === end);
    if (d.code === 'key/duplicate') {
      if (a && file.settings.get(a.key)?.all.at(-1) !== a) out.push({ rule: d.code, key: a.key, statement: a });
      continue;
    }
    const key =
      a?.key ?? file.statements.find((x) => !x.broken && x.value?.start === start && x.value.end === end)?.key;
    const last = key === undefined ? undefined : file.settings.get(key)?.all.at(-1);
    if (!key || !last) continue;
    const onLast =
      (last.keyStart === start && last.keyEnd === end) || (last.value?.start === start && last.value.end === end);
    if (!onLast) continue;
    const silently = d.code.startsWith('key/') && /ignores it silently|xl never reads/.test(d.message);
    const byXl =
      d.claim?.by === 'xl' &&
      (d.claim.effect === 'warning' || d.claim.effect === 'silent') &&
      /\bignores\b/.test(d.message) &&
      !/\bstores\b/.test(d.message);
    if (KEY_IGNORED.has(d.code) || silently || byXl) out.push({ rule: d.code, key });
  }
  return out;
}

export interface ReadsProbe {
  /** Who says xl ignores it: a rule id, or `reads` (the model never looked the key up). */
  claim: string;
  key: string;
  /** Deleting only one statement (key/duplicate's), on this 1-based line. */
  line?: number;
  text: string;
  /** xl's config of the full file, made comparable. */
  before: JsonValue;
}

/** The edits that test each "xl ignores it" claim of an accepted file, one per key or statement. */
export function readsProbes(run: ModelRun, xl: XlRun): ReadsProbe[] {
  if (xl.rc !== 0 || !xl.config || !run.result.accepted) return [];
  const before = comparableXlConfig(xl.config, run.result);
  const byKey = new Map<string, string>(unreadKeys(run).map((k) => [k, 'reads']));
  const probes: ReadsProbe[] = [];
  for (const c of ignoreClaims(run)) {
    if (c.statement) {
      const line = run.file.lines.positionAt(c.statement.start).line + 1;
      probes.push({ claim: c.rule, key: c.key, line, text: blank(run.file.text, [c.statement]), before });
    } else if (byKey.get(c.key) === undefined || byKey.get(c.key) === 'reads') byKey.set(c.key, c.rule);
  }
  for (const [key, claim] of byKey) probes.push({ claim, key, text: withoutKey(run.file, key), before });
  return probes;
}

/** xl's run of an edited text against the config before the edit. */
export function compareProbe(probe: ReadsProbe, after: XlRun, model: XlResult): Difference | undefined {
  if (
    after.rc === 0 &&
    after.config &&
    stringifyJson(comparableXlConfig(after.config, model)) === stringifyJson(probe.before)
  )
    return undefined;
  const what =
    after.rc !== 0
      ? `xl ${xlVerdict(after)} without it: ${after.stderr.slice(-1)[0] ?? ''}`
      : `config changes at ${jsonDiff(probe.before, comparableXlConfig(after.config!, model)).join(', ')}`;
  const who = probe.claim === 'reads' ? 'model says xl never reads' : `${probe.claim} says xl ignores`;
  const which = probe.line === undefined ? `\`${probe.key}'` : `\`${probe.key}' on line ${probe.line}`;
  const signature = `${who} ${which}, ${READS_DIFFERS}`;
  return { check: 'reads', signature, group: signature, xl: what, model: `${who} ${which}` };
}

/** How every reads difference's signature ends. */
export const READS_DIFFERS = "but deleting it changes xl's result";

// ---------------------------------------------------------------------------------------------
// Shrinking: the fewest statements (and list items) that still show a difference of one signature.

interface Unit {
  start: number;
  end: number;
}

/** Statements, then the items of list values, as spans that can be cut out independently. */
function units(file: ConfigFile): Unit[] {
  const out: Unit[] = file.statements.map((s) => ({ start: s.start, end: s.end }));
  for (const s of file.statements) {
    if (s.value?.kind !== 'list' || s.value.items.length < 2) continue;
    const items = s.value.items;
    items.forEach((it, i) => {
      // An item and the comma after it (the last one: the comma before it).
      const end = i + 1 < items.length ? items[i + 1].start : it.end;
      const start = i + 1 < items.length ? it.start : ((s.value as { commas: number[] }).commas[i - 1] ?? it.start);
      out.push({ start, end });
    });
  }
  return out;
}

function cut(text: string, spans: readonly Unit[]): string {
  let out = text;
  for (const u of [...spans].sort((a, b) => b.start - a.start))
    out = out.slice(0, u.start) + out.slice(u.start, u.end).replace(/[^\n]/g, ' ') + out.slice(u.end);
  return out;
}

/** Blank lines and trailing blanks removed, for a reproducer a person reads. */
function compact(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l && !/^\s*#/.test(l))
      .join('\n') + '\n'
  );
}

/** Whether a text still shows a difference of the group (one model run and one xl run per text). */
export type Reproduces = (texts: string[]) => boolean[];

export function reproducer(release: OracleRelease, group: string): Reproduces {
  const readsCheck = group.endsWith(READS_DIFFERS);
  return (texts) => {
    const names = texts.map((_, i) => `s${i}.cfg`);
    const runs = runXl(texts, release, names);
    const models = texts.map((t) => runModel(Buffer.from(t, 'utf8'), release));
    const found = texts.map((_, i) =>
      compareRun(models[i], runs[i], names[i]).differences.some((d) => d.group === group),
    );
    if (!readsCheck) return found;
    // The reads check: every probe of every text in one more batch.
    const probes = models.flatMap((m, i) => readsProbes(m, runs[i]).map((p) => ({ p, i })));
    const after = runXl(
      probes.map((x) => x.p.text),
      release,
    );
    probes.forEach(({ p, i }, j) => {
      if (compareProbe(p, after[j], models[i].result)?.group === group) found[i] = true;
    });
    return found;
  };
}

/**
 * Greedy shrinking in rounds: every unit that can go alone is tried together; if the whole set
 * breaks the difference, only the first goes. Each round is one batch of xl runs.
 */
export function shrink(text: string, still: Reproduces, maxRounds = 25): string {
  let current = text;
  for (let round = 0; round < maxRounds; round++) {
    const file = parse(current);
    const us = units(file).filter((u) => current.slice(u.start, u.end).trim());
    if (!us.length) break;
    const candidates = us.map((u) => cut(current, [u])).filter((t) => parse(t).ok === file.ok);
    if (!candidates.length) break;
    const ok = still(candidates);
    const good = candidates.filter((_, i) => ok[i]);
    if (!good.length) break;
    const goodUnits = us.filter((u) => ok[candidates.indexOf(cut(current, [u]))]);
    const all = cut(current, goodUnits);
    current = goodUnits.length > 1 && parse(all).ok === file.ok && still([all])[0] ? all : good[0];
  }
  const tidy = compact(current);
  return tidy !== current && still([tidy])[0] ? tidy : current;
}

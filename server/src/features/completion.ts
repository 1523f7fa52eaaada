import { DIRECTIVE_WORDS, FACT_NAMES, FACTS, isFactName, readDirective, type FactName } from '../domain/directives';
import type { CheckResult } from '../checks/check';
import { RULES } from '../checks/registry';
import type { XlcfgOptions } from '../options';
import { fieldInRelease } from '../specs/release';
import { KEYS_BY_USE, enumValuesFor, keyInfo } from '../schema/catalogue';
import type { KeyInfo } from '../schema/types';
import { compareVersions } from '../schema/versions';
import type { SpecLanguage } from '../specs/index';
import { sourceOffset, type Assignment, type ConfigFile, type StringAtom } from '../syntax/tree';
import { commentAt, decodedIndex, insideString, languageFor, nodeAt, statementBefore } from './locate';
import { FACT_DOCS, SUPPRESSION_DOCS } from './directiveDocs';
import { keyMarkdown } from './keyDoc';
import { code, escape, prose } from './markdown';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'field' | 'snippet';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  snippet: boolean;
  replaceStart: number;
  replaceEnd: number;
  sortText?: string;
  deprecated?: boolean;
}

const KEY_CHAR = /[a-z0-9_.]/;

export function completeAt(result: CheckResult, offset: number, options: XlcfgOptions): CompletionEntry[] {
  const { file } = result;
  offset = Math.max(0, Math.min(offset, file.text.length));

  const comment = commentAt(file, offset);
  if (comment && offset > comment.start) return commentCompletions(file, comment.start, comment.end, offset);

  const stmt = statementBefore(file, offset);
  if (stmt) {
    const inKey = offset >= stmt.keyStart && offset <= stmt.keyEnd;
    if (inKey) return keyCompletions(result, options, stmt.keyStart, stmt.keyEnd, stmt, true);
    if (inValue(file, stmt, offset)) return valueCompletions(result, stmt, offset);
  }

  // A new statement: the line (or what follows the last `;` on it) holds at most a partial key.
  const line = file.lines.positionAt(offset).line;
  const lineStart = file.lines.lineStarts[line];
  const before = file.text.slice(lineStart, offset);
  const seg = before.slice(before.lastIndexOf(';') + 1);
  if (!/^[ \t]*[a-z0-9_.]*$/.test(seg)) return [];
  let start = offset;
  while (start > lineStart && KEY_CHAR.test(file.text[start - 1])) start--;
  let end = offset;
  const lineEnd = file.lines.lineEnd(line);
  while (end < lineEnd && KEY_CHAR.test(file.text[end])) end++;
  const hasOp = /^[ \t]*\+?=/.test(file.text.slice(end, lineEnd));
  return keyCompletions(result, options, start, end, undefined, hasOp);
}

/** The cursor is after the statement's `=` and still within its value (same line, or an open list). */
function inValue(file: ConfigFile, stmt: Assignment, offset: number): boolean {
  const opEnd = stmt.opStart + stmt.op.length;
  if (offset < opEnd) return false;
  const v = stmt.value;
  if (v?.kind === 'list') {
    if (offset <= v.start) return false;
    if (offset < v.end) return true;
    // An open list (still being typed) reaches over blank lines up to the cursor.
    return !v.closed && /^[\s,]*$/.test(file.text.slice(v.end, offset));
  }
  if (offset <= stmt.end) return true;
  // Past the value: only blanks may separate it from the cursor, on the same line.
  const between = file.text.slice(stmt.end, offset);
  return !v && /^[ \t]*$/.test(between);
}

// ---- keys ---------------------------------------------------------------------------------------

function keyAvailable(info: KeyInfo, result: CheckResult, options: XlcfgOptions): boolean {
  if (info.status === 'ignored') return false;
  if (info.status === 'proposed') {
    if (!options.enableProposed) return false;
  } else if (compareVersions(info.since, options.xenVersion) > 0) return false;
  if (info.arch !== 'all' && info.arch !== result.domain.arch.value) return false;
  return info.guestTypes.includes(result.domain.type.value);
}

function snippetEscape(s: string): string {
  return s.replace(/[\\$}|,]/g, (c) => '\\' + c);
}

/** `key = ` and a value skeleton suited to how xl reads the key. */
export function keySkeleton(info: KeyInfo): string {
  const choice = (vals: string[]) => `\${1|${vals.map(snippetEscape).join(',')}|}`;
  const words = info.enumValues?.filter((v) => /^[\x20-\x7e]+$/.test(v) && !/["']/.test(v)) ?? [];
  switch (info.kind) {
    case 'integer':
    case 'memory-mb':
    case 'memory-kb':
    case 'enum-or-integer':
    case 'boolean-or-enum':
    case 'boolean-or-list':
      return `${info.name} = $1`;
    case 'boolean':
      return `${info.name} = ${choice(info.default === '1' ? ['1', '0'] : ['0', '1'])}`;
    case 'enum':
      return words.length ? `${info.name} = "${choice(words)}"` : `${info.name} = "$1"`;
    case 'list':
      return `${info.name} = [ "$1" ]`;
    case 'list-of-lists':
      return `${info.name} = [ [ "$1" ] ]`;
    default:
      return `${info.name} = "$1"`;
  }
}

/** A key's documentation depends only on its catalogue entry: made once per key, not per request. */
const KEY_DOCS = new WeakMap<KeyInfo, string>();
function keyDocumentation(info: KeyInfo): string {
  let doc = KEY_DOCS.get(info);
  if (doc === undefined) KEY_DOCS.set(info, (doc = keyMarkdown(info)));
  return doc;
}

function keyCompletions(
  result: CheckResult,
  options: XlcfgOptions,
  start: number,
  end: number,
  current: Assignment | undefined,
  nameOnly: boolean,
): CompletionEntry[] {
  const { settings } = result.file;
  const out: CompletionEntry[] = [];
  // The keys real configs set most often first (data/keys/usage.json); deprecated ones last.
  KEYS_BY_USE.forEach((info, i) => {
    const set = settings.get(info.name);
    // A key counts as set unless its only assignment is the one being edited.
    if (set && !(set.all.length === 1 && set.all[0] === current)) return;
    if (!keyAvailable(info, result, options)) return;
    const deprecated = info.status === 'deprecated';
    const entry: CompletionEntry = {
      label: info.name,
      kind: 'key',
      detail: keyDetail(info),
      documentation: keyDocumentation(info),
      insertText: nameOnly ? info.name : keySkeleton(info),
      snippet: !nameOnly,
      replaceStart: start,
      replaceEnd: end,
      sortText: `${deprecated ? 'z' : 'a'}${String(i).padStart(4, '0')}`,
    };
    if (deprecated) entry.deprecated = true;
    out.push(entry);
  });
  return out;
}

function keyDetail(info: KeyInfo): string {
  const bits: string[] = [info.kind];
  if (info.default !== undefined) bits.push(`default ${info.default}`);
  bits.push(info.status === 'proposed' ? 'proposed, not in any released Xen' : `Xen ${info.since}+`);
  if (info.status === 'deprecated') bits.push(info.replacedBy ? `deprecated: use ${info.replacedBy}` : 'deprecated');
  return bits.join(' · ');
}

// ---- values -------------------------------------------------------------------------------------

function valueCompletions(result: CheckResult, stmt: Assignment, offset: number): CompletionEntry[] {
  const info = keyInfo(stmt.key);
  if (!info) return [];
  const target = result.domain.xenVersion.value;
  // Past the end of an open list: still a list item position.
  const hit = nodeAt(stmt.value, offset) ?? (stmt.value?.kind === 'list' ? { node: stmt.value, lists: [] } : undefined);
  const node = hit?.node;
  const inList = !!hit && (hit.lists.length > 0 || node?.kind === 'list');

  if (node?.kind === 'string' && !node.bareword && insideString(node, offset)) {
    const lang = languageFor(info, hit!.lists.length > 0);
    if (lang) return fieldCompletions(lang, node, offset, result.domain.xenVersion.value);
    // Inside quotes: replace only the text between them.
    const end = node.unterminated ? node.end : node.end - 1;
    return valueWords(info, inList, node.start + 1, end, false, target);
  }
  if (node && node.kind !== 'list') return valueWords(info, inList, node.start, node.end, true, target);
  if (node?.kind === 'list') {
    const lang = languageFor(info, true);
    const out = valueWords(info, true, offset, offset, true, target);
    if (lang) out.push(...fieldCompletions(lang, undefined, offset, result.domain.xenVersion.value));
    return out;
  }
  // After `=` with no value yet.
  const out = valueWords(info, false, offset, offset, true, target);
  if (/list/.test(info.kind) || info.kind === 'cpulist' || info.name === 'cpuid') {
    const inner = info.kind === 'list-of-lists' ? '[ "$1" ]' : '"$1"';
    out.push({
      label: `[ ${inner.replace('$1', '…')} ]`,
      kind: 'snippet',
      detail: 'a list',
      insertText: `[ ${inner} ]`,
      snippet: true,
      replaceStart: offset,
      replaceEnd: offset,
      sortText: 'b',
    });
  }
  const example = /=\s*(.*)$/.exec(info.example)?.[1];
  if (example && !out.some((e) => e.insertText === example)) {
    out.push({
      label: example,
      kind: 'snippet',
      detail: 'example from the documentation',
      insertText: example,
      snippet: false,
      replaceStart: offset,
      replaceEnd: offset,
      sortText: 'c',
    });
  }
  return out;
}

/** Enum words and booleans for a value position; `quote` when the cursor is outside quotes. */
function valueWords(
  info: KeyInfo,
  inList: boolean,
  start: number,
  end: number,
  quote: boolean,
  target: string,
): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const listy = info.kind === 'boolean-or-list' || info.kind === 'list';
  if (!inList || listy) {
    enumValuesFor(info, target).forEach((v, i) => {
      out.push({
        label: v,
        kind: 'value',
        detail: `${info.name}${info.default === v ? ' (default)' : ''}`,
        insertText: quote ? `"${v}"` : v,
        snippet: false,
        replaceStart: start,
        replaceEnd: end,
        sortText: `a${String(i).padStart(3, '0')}`,
      });
    });
  }
  const bool =
    info.kind === 'boolean' || ((info.kind === 'boolean-or-enum' || info.kind === 'boolean-or-list') && !inList);
  if (bool) {
    for (const [v, meaning] of [
      ['0', 'false (off)'],
      ['1', 'true (on)'],
    ] as const) {
      out.push({
        label: v,
        kind: 'value',
        detail: `${meaning}${info.default === v ? ', the default' : ''}`,
        insertText: v,
        snippet: false,
        replaceStart: start,
        replaceEnd: end,
        sortText: `0${v}`,
      });
    }
  }
  return out;
}

/** Field names of a sub-language, or the values of the field whose value the cursor is in. */
function fieldCompletions(
  lang: SpecLanguage,
  atom: StringAtom | undefined,
  offset: number,
  release: string,
): CompletionEntry[] {
  // Only the fields xl of the target release reads.
  const usable = lang.fields.filter(
    (f) =>
      /^[a-z][a-z0-9_-]*$/.test(f.name) &&
      !FIELD_SKIP.has(`${lang.syntax}:${f.name}`) &&
      lang.syntax !== 'uuid' &&
      fieldInRelease(f, release),
  );
  if (!atom) {
    // Between list items: offer whole quoted items.
    return usable.map((f, i) => ({
      label: `"${f.name}${noEquals(lang, f) ? '' : '='}"`,
      kind: 'field' as const,
      detail: lang.syntax,
      documentation: prose(f.doc),
      insertText: noEquals(lang, f) ? `"${f.name}"` : `"${f.name}=$1"`,
      snippet: !noEquals(lang, f),
      replaceStart: offset,
      replaceEnd: offset,
      sortText: `f${String(i).padStart(4, '0')}`,
    }));
  }
  const s = atom.value;
  const idx = decodedIndex(atom, offset);
  const isSep = (c: string) => c === ',' || (lang.syntax === 'cpuid-xend' && c === ':');
  let segStart = idx;
  while (segStart > 0 && !isSep(s[segStart - 1])) segStart--;
  while (segStart < idx && s[segStart] === ' ') segStart++;
  let segEnd = idx;
  while (segEnd < s.length && !isSep(s[segEnd])) segEnd++;
  const eq = s.indexOf('=', segStart);
  const src = (i: number) => sourceOffset(atom, i);

  if (eq >= 0 && eq < idx && eq < segEnd) {
    const name = s.slice(segStart, eq).trim();
    const doc = lang.fields.find((f) => f.name === name);
    if (!doc?.values?.length) return [];
    return doc.values.map((v, i) => ({
      label: v,
      kind: 'value' as const,
      detail: `${name}${doc.default === v ? ' (default)' : ''}`,
      documentation: prose(doc.doc),
      insertText: v,
      snippet: false,
      replaceStart: src(eq + 1),
      replaceEnd: src(segEnd),
      sortText: `a${String(i).padStart(3, '0')}`,
    }));
  }
  const nameEnd = eq >= 0 && eq < segEnd ? eq : segEnd;
  const hasEq = eq >= 0 && eq < segEnd;
  const { given, slot } = whereInSpec(lang, s, segStart, segEnd);
  const out: CompletionEntry[] = [];
  // A value for the positional field this item would fill (the access of "/dev/x,raw,xvda,").
  const slotDoc = !hasEq && slot ? lang.fields.find((f) => f.name === slot) : undefined;
  slotDoc?.values?.forEach((v, i) => {
    out.push({
      label: v,
      kind: 'value',
      detail: `${slot} (by position)${slotDoc.default === v ? ', the default' : ''}`,
      documentation: prose(slotDoc.doc),
      insertText: v,
      snippet: false,
      replaceStart: src(segStart),
      replaceEnd: src(segEnd),
      sortText: `a${String(i).padStart(3, '0')}`,
    });
  });
  // Then the `key=` fields not given yet, by name or by position.
  const current = s.slice(segStart, nameEnd).trim();
  usable
    .filter((f) => !given.has(f.name) || f.name === current)
    .forEach((f, i) => {
      const bare = noEquals(lang, f) || hasEq;
      const doc = [prose(f.doc)];
      if (f.values?.length) doc.push(`Values: ${f.values.slice(0, 12).map(code).join(', ')}`);
      if (f.default) doc.push(`Default: ${prose(f.default)}`);
      out.push({
        label: f.name,
        kind: 'field',
        detail: escapeDetail(lang.syntax),
        documentation: doc.join('\n\n'),
        insertText: bare ? f.name : `${f.name}=`,
        snippet: false,
        replaceStart: src(segStart),
        replaceEnd: src(nameEnd),
        sortText: `f${String(i).padStart(4, '0')}`,
      });
    });
  return out;
}

/** Stands for the item being typed: no sub-language gives this word a meaning of its own. */
const PROBE = 'xlcfgprobe';

interface SpecPlace {
  /** Fields the other items give, by name or by position. */
  given: Set<string>;
  /** The positional field an item at the cursor fills. */
  slot?: string;
}

/**
 * Where the item [segStart, segEnd) of the spec string `s` stands, as the language's own parser
 * sees it: the fields the other items give (by name or by position), and the positional field an
 * item here would fill, found by parsing the string with a probe word in its place.
 */
function whereInSpec(lang: SpecLanguage, s: string, segStart: number, segEnd: number): SpecPlace {
  const given = new Set<string>();
  let slot: string | undefined;
  try {
    for (const f of lang.parse(s).fields) {
      const here = f.start === segStart || (f.start < segEnd && f.end > segStart);
      if (!here) given.add(f.name);
    }
    const probed = lang.parse(s.slice(0, segStart) + PROBE + s.slice(segEnd));
    slot = probed.fields.find((f) => f.positional && f.start === segStart && f.value === PROBE)?.name;
  } catch {
    // A parser that throws tells nothing: every field is offered.
  }
  return { given, slot };
}

/** Field docs that describe positions, not `name=` keys. */
const FIELD_SKIP = new Set(['cpuid-xend:leaf', 'cpuid-xend:subleaf', 'pci-spec:bdf']);

function noEquals(lang: SpecLanguage, f: { name: string; doc: string }): boolean {
  return /^(Flag|Must be the first word|Every)/.test(f.doc) || (lang.syntax === 'cpulist' && f.name === 'all');
}

function escapeDetail(s: string): string {
  return s.replace(/[\u0000-\u001f]/g, '');
}

// ---- comments -----------------------------------------------------------------------------------

function commentCompletions(file: ConfigFile, start: number, end: number, offset: number): CompletionEntry[] {
  const directive = readDirective(file.text.slice(start, end), start);

  if (directive?.kind === 'facts' && offset >= directive.bodyStart) {
    const item = directive.items.find((i) => offset >= i.name.start && offset <= (i.value ?? i.name).end);
    if (item?.value && offset > item.name.end) {
      const name = item.name.text;
      const spec = isFactName(name) ? FACTS[name] : undefined;
      const values = spec?.values ?? spec?.examples ?? [];
      // Between `=` and the value (blanks): insert at the cursor.
      const inValue = offset >= item.value.start;
      const vStart = inValue ? item.value.start : offset;
      const vEnd = inValue ? item.value.end : offset;
      return values.map((v, i) => ({
        label: v,
        kind: 'value' as const,
        detail: name,
        insertText: v,
        snippet: false,
        replaceStart: vStart,
        replaceEnd: vEnd,
        sortText: String(i).padStart(3, '0'),
      }));
    }
    // A name being written (or none yet): offer the names.
    const nStart = item && offset <= item.name.end ? item.name.start : offset;
    const nEnd = item && offset <= item.name.end ? item.name.end : offset;
    return FACT_NAMES.map((name, i) => ({
      label: `${name}=`,
      kind: 'field' as const,
      detail: 'xlcfg directive',
      documentation: `${code(name)} ${prose(FACT_DOCS[name])}\n\nValues: ${(FACTS[name].values ?? FACTS[name].examples ?? []).map(code).join(', ')}`,
      insertText: `${name}=`,
      snippet: false,
      replaceStart: nStart,
      replaceEnd: nEnd,
      sortText: String(i),
    }));
  }

  // Rule ids after `xlcfg-disable[-next-line] `, up to a `-- reason`.
  if (directive?.kind === 'suppression' && offset > directive.keywordEnd) {
    if (directive.reasonStart !== undefined && offset >= directive.reasonStart) return [];
    const here = directive.ids.find((w) => offset >= w.start && offset <= w.end);
    const partial = here ? file.text.slice(here.start, offset) : '';
    const listed = new Set(directive.ids.filter((w) => w !== here).map((w) => w.text));
    const rStart = here?.start ?? offset;
    const rEnd = here?.end ?? offset;
    return RULES.filter((r) => !listed.has(r.id) || r.id === partial).map((r, i) => ({
      label: r.id,
      kind: 'value' as const,
      detail: r.severity,
      documentation: prose(r.summary),
      insertText: r.id,
      snippet: false,
      replaceStart: rStart,
      replaceEnd: rEnd,
      sortText: String(i).padStart(4, '0'),
    }));
  }

  const text = file.text.slice(start, offset);
  // A comment just begun: offer the directives themselves.
  const begun = /^#(\s*)([a-z-]*)$/.exec(text);
  if (begun) {
    const from = offset - begun[2].length;
    const fact = (name: FactName): [string, string, string] => {
      const label = `${DIRECTIVE_WORDS.facts} ${name}=`;
      // The values a user picks from: `unknown` is what saying nothing already gives.
      const choices = (FACTS[name].values ?? []).filter((v) => v !== 'unknown');
      return [label, `${label}\${1|${choices.join(',')}|}`, `${code(name)} ${prose(FACT_DOCS[name])}`];
    };
    const items: Array<[string, string, string]> = [
      fact('guest-os'),
      fact('host-cpu'),
      fact('design'),
      [DIRECTIVE_WORDS['next-line'], `${DIRECTIVE_WORDS['next-line']} $1`, escape(SUPPRESSION_DOCS['next-line'])],
      [DIRECTIVE_WORDS.file, `${DIRECTIVE_WORDS.file} $1`, escape(SUPPRESSION_DOCS.file)],
    ];
    return items.map(([label, insert, doc], i) => ({
      label,
      kind: 'snippet' as const,
      detail: 'xlcfg comment directive',
      documentation: doc,
      insertText: (begun[1] ? '' : ' ') + insert,
      snippet: true,
      replaceStart: from,
      replaceEnd: offset,
      sortText: String(i),
    }));
  }
  return [];
}

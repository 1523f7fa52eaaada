// Hover: what a key means, what xl makes of the value under the cursor (and what it stores in the
// domain config), the fields of a sub-language string, and what an xlcfg comment directive does.
// Keys that change the simulated boot also show the simulation when force_x2apic is set (or as
// `xlcfg.hover.simulation` says); it is computed only then, being the expensive part.
import type { CheckResult } from '../checks/check';
import { RULES, ruleInfo } from '../checks/registry';
import type { Diagnostic } from '../diagnostic';
import { commentDirective, FACT_NAMES, FACTS, factAccepts, isFactName, type FactItem } from '../domain/directives';
import { KEY_NAMES, enumValuesFor, keyInfo, otherName } from '../schema/catalogue';
import { firmwareMeaning, matchEnum, readBool, readLong, strtol0 } from '../schema/getters';
import { didYouMean } from '../schema/suggest';
import type { GuestType, KeyInfo } from '../schema/types';
import type { SpecLanguage } from '../specs/index';
import { fieldInRelease } from '../specs/release';
import { toValue } from '../syntax/parser';
import { sourceOffset, type Assignment, type Comment, type StringAtom, type ValueNode } from '../syntax/tree';
import { FACT_DOCS } from './directiveDocs';
import { keyMarkdown } from './keyDoc';
import { commentAt, decodedIndex, insideString, languageFor, nodeAt, statementAt } from './locate';
import { code, escape, prose, truncate } from './markdown';
import type { SimulationView } from './simulation';
import { simulationMarkdown } from './simulationMarkdown';
import { xlStores, type StoredField } from './xlStores';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const TYPE_NAMES: Record<GuestType, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

/** Longest value text shown in a hover; the rest is cut. */
const SHOW = 160;

/** Longest rule message shown under the force_x2apic verdict (the Problems panel has them whole). */
const RULE_LINE = 120;

/** Most fields of the domain config listed as what xl stores. */
const STORED_SHOWN = 4;

export function hoverAt(
  result: CheckResult,
  offset: number,
  simulation: () => SimulationView,
): HoverResult | undefined {
  const { file } = result;
  const comment = commentAt(file, offset);
  if (comment) return commentHover(result, comment, offset);
  const stmt = statementAt(file, offset);
  if (!stmt) return undefined;
  if (offset >= stmt.keyStart && offset <= stmt.keyEnd) return keyHover(result, stmt, simulation);
  if (stmt.value) {
    const hit = nodeAt(stmt.value, offset);
    if (hit) return valueHover(result, stmt, hit.node, hit.lists.length > 0, offset);
  }
  return undefined;
}

// ---- keys ---------------------------------------------------------------------------------------

function keyHover(result: CheckResult, stmt: Assignment, simulation: () => SimulationView): HoverResult {
  const info = keyInfo(stmt.key);
  const docs: string[] = [info ? keyDoc(info, result) : unknownKeyDoc(stmt.key)];
  const setting = result.file.settings.get(stmt.key);
  if (setting && setting.all.length > 1) {
    const last = setting.all[setting.all.length - 1];
    if (last !== stmt && !setting.sources.includes(stmt)) {
      const where = `${code(stmt.key)} is set again on line ${last.line + 1}`;
      docs.push(`This assignment has no effect: ${where}, and xl keeps the last value.`);
    }
  }
  const sim = simulationSection(result, stmt.key, info, simulation);
  // On force_x2apic the verdict comes first, then why (the rules), then what the key is.
  const parts = stmt.key === 'force_x2apic' ? [sim, rulesFired(result, stmt), ...docs] : [...docs, sim];
  const markdown = parts.filter((p): p is string => !!p).join('\n\n---\n\n');
  return { markdown, start: stmt.keyStart, end: stmt.keyEnd };
}

/**
 * The simulated boot, where it belongs: always on force_x2apic; on the other keys that change the
 * boot only when force_x2apic is set, unless `xlcfg.hover.simulation` says always or never.
 */
function simulationSection(
  result: CheckResult,
  key: string,
  info: KeyInfo | undefined,
  simulation: () => SimulationView,
): string | undefined {
  const mode = result.options.hoverSimulation ?? 'forceX2apic';
  if (mode === 'never') return undefined;
  if (key !== 'force_x2apic') {
    if (!info?.simulation) return undefined;
    if (mode === 'forceX2apic' && !result.domain.forceX2apic.present) return undefined;
  }
  try {
    return simulationMarkdown(simulation());
  } catch {
    // A hover without the table is better than no hover.
    return undefined;
  }
}

/** The force_x2apic rules that fired, and anything else reported on this statement: one line each. */
function rulesFired(result: CheckResult, stmt: Assignment): string | undefined {
  const { lines } = result.file;
  const first = lines.positionAt(stmt.start).line;
  const last = lines.positionAt(stmt.end).line;
  const here = (d: Diagnostic) => d.range.start.line <= last && d.range.end.line >= first;
  const fired = result.diagnostics.filter((d) => d.code.startsWith('force-x2apic/') || here(d));
  if (!fired.length) return undefined;
  const row = (d: Diagnostic) => `- ${code(d.code)} (${d.severity}): ${prose(truncate(d.message, RULE_LINE))}`;
  const rows = fired.slice(0, 8).map(row);
  if (fired.length > 8) rows.push(`- and ${fired.length - 8} more in the Problems panel`);
  return `**Rules that fired:**\n${rows.join('\n')}`;
}

/** The catalogue documentation, with what this file adds (target release, guest type). */
export function keyDoc(info: KeyInfo, result?: CheckResult): string {
  if (!result) return keyMarkdown(info);
  const { domain } = result;
  const guestType = { value: domain.type.value, origin: domain.type.source.detail };
  return keyMarkdown(info, { target: domain.xenVersion.value, guestType });
}

function unknownKeyDoc(key: string): string {
  const shown = code(truncate(key, 60));
  const other = otherName(key);
  switch (other?.kind) {
    case 'suggested':
      return (
        `${shown} is a name proposed in review for ${code(other.key)}; xl reads neither name today, ` +
        `so it ignores this line silently. Did you mean ${code(other.key)}?`
      );
    case 'removed':
      return (
        `${shown} was read by xl from Xen ${escape(other.since)} to ${escape(other.until)}; ` +
        `today's xl ignores it silently. Write ${code(other.replacement)} instead.`
      );
    case 'foreign':
      return `${shown} belongs to ${prose(other.belongsTo)}: xl never reads it from a domain config and ignores it.`;
  }
  const lines = [`${shown} is not a key xl reads: xl ignores it silently, without any warning.`];
  const suggestion = didYouMean(key, KEY_NAMES);
  if (suggestion) lines.push(`Did you mean ${code(suggestion)}?`);
  return lines.join(' ');
}

/** What xl stores in the domain config for this key, as one line. */
function storedLine(result: CheckResult, info: KeyInfo): string | undefined {
  // A proposed key has no field in any released libxl; the simulation shows what it does.
  if (info.status === 'proposed') return undefined;
  const stored = xlStores(result, info.name);
  if (!stored) return undefined;
  if (!stored.length) return `Leaving ${code(info.name)} out gives the same domain config.`;
  const shown = stored.slice(0, STORED_SHOWN).map(storedField);
  const more = stored.length > STORED_SHOWN ? `, and ${stored.length - STORED_SHOWN} more fields` : '';
  // The model reads on past a refusal (xl/model.ts), so what the key sets is still known.
  if (!result.xl.accepted) {
    return `**xl would store** ${shown.join(', ')}${more}, once the problems that make it refuse this file are fixed.`;
  }
  return `**xl stores** ${shown.join(', ')}${more}.`;
}

function storedField(f: StoredField): string {
  if (f.value === undefined) return `${code(f.path)} unset (libxl's default)`;
  return code(`${f.path} = ${truncate(f.value, 80)}`);
}

// ---- values -------------------------------------------------------------------------------------

function valueHover(
  result: CheckResult,
  stmt: Assignment,
  node: ValueNode,
  inList: boolean,
  offset: number,
): HoverResult | undefined {
  const info = keyInfo(stmt.key);
  const guestType = result.domain.type.value;
  const parts: string[] = [];
  if (node.kind === 'list') {
    const n = node.items.length;
    parts.push(
      `A list of ${n} item${n === 1 ? '' : 's'} for ${code(stmt.key)}.${info && !/list|cpulist|cpuid|viridian/.test(info.kind) && !inList ? ` xl wants a single value here: ${listRefusal(info)}` : ''}`,
    );
    const stored = info && !inList && isWinning(result, stmt) ? storedLine(result, info) : undefined;
    if (stored) parts.push(stored);
    return { markdown: parts.join('\n\n'), start: node.start, end: node.end };
  }
  const lang = node.kind === 'string' ? languageFor(info, inList) : undefined;
  if (node.kind === 'string' && lang && !node.bareword) {
    const spec = specHover(lang, node, offset, result.domain.xenVersion.value);
    if (spec) return spec;
  }
  const value = toValue(node) as string;
  const appended = stmt.op === '+=' && !inList;
  const target = result.domain.xenVersion.value;
  parts.push(valueMeaning(info, stmt.key, value, node, appended, guestType, inList, target));
  if (info && !inList) {
    const setting = result.file.settings.get(stmt.key);
    if (setting && !setting.sources.includes(stmt)) {
      const last = setting.all[setting.all.length - 1];
      parts.push(`Overridden: ${code(stmt.key)} is set again on line ${last.line + 1}, and xl keeps the last value.`);
    } else {
      const stored = storedLine(result, info);
      if (stored) parts.push(stored);
    }
  }
  return { markdown: parts.join('\n\n'), start: node.start, end: node.end };
}

/** The statement's value is (part of) the value xl reads for the key. */
function isWinning(result: CheckResult, stmt: Assignment): boolean {
  return !!result.file.settings.get(stmt.key)?.sources.includes(stmt);
}

function listRefusal(info: KeyInfo): string {
  return info.fatal ? 'xl refuses the config.' : 'libxlu warns and the key counts as unset.';
}

function describeNumber(src: string): string {
  const r = strtol0(src);
  if (/^[+-]?0[xX][0-9a-fA-F]/.test(src.trim())) return `${r.value} (hexadecimal)`;
  if (/^[+-]?0[0-7]+$/.test(src.trim())) return `${r.value} (octal: a leading 0 makes strtol read base 8)`;
  return `${r.value}`;
}

function defaultText(info: KeyInfo): string {
  if (info.default !== undefined) return `the default ${code(info.default)} applies`;
  if (info.defaultNote) return `the default applies (${prose(info.defaultNote)})`;
  return 'the key counts as unset';
}

function valueMeaning(
  info: KeyInfo | undefined,
  key: string,
  value: string,
  node: ValueNode,
  appended: boolean,
  guestType: GuestType,
  inList: boolean,
  target: string,
): string {
  const shown = code(truncate(value, SHOW));
  const decoded = node.kind === 'string' && node.sourceMap ? ` (after escapes: ${shown})` : '';
  if (!info)
    return `${node.kind === 'number' ? 'Number' : 'String'} ${shown}: ${code(key)} is not a key xl reads, so xl ignores it.`;
  if (inList) {
    if (info.name === 'viridian') {
      const m = matchEnum(info, value, guestType);
      return m
        ? `xl reads this as the enlightenment group ${code(m)}.`
        : `${shown} is not an enlightenment group xl knows: it refuses the config.`;
    }
    return `List item ${shown}${decoded}.`;
  }
  const bad = (why: string) =>
    `${why}: ${info.fatal ? 'xl refuses the config' : `xl ignores it (libxlu prints a warning) and ${defaultText(info)}`}.`;
  switch (info.kind) {
    case 'integer':
    case 'memory-mb':
    case 'memory-kb': {
      const r = readLong(value, appended, key);
      if (!r.ok) {
        if (r.reason === 'appended') return bad(`${code('+=')} does not work for numbers`);
        if (r.reason === 'range') return bad(`${shown} is out of range for a 64-bit long`);
        return bad(`${shown} is not a number`);
      }
      const unit = info.kind === 'memory-mb' ? ' MiB' : info.kind === 'memory-kb' ? ' KiB' : '';
      return `xl reads this as ${describeNumber(value)}${unit}.`;
    }
    case 'boolean': {
      const r = readBool(value, appended, key);
      if (!r.ok) {
        if (r.reason === 'appended') return bad(`${code('+=')} does not work for booleans`);
        return bad(`${shown} is not a number (xl booleans are 0 or 1; words such as "true" are not understood)`);
      }
      return `xl reads this as **${r.value ? 'true' : 'false'}**${r.n !== 0 && r.n !== 1 ? ` (any non-zero number is true; this is ${describeNumber(value)})` : ''}.`;
    }
    default:
      break;
  }
  if (info.name === 'firmware') return firmwareText(value, guestType, shown);
  if (info.enumValues) {
    const m = matchEnum(info, value, guestType, target);
    if (m !== undefined) {
      return m === value
        ? `${shown}: one of the values xl knows.`
        : `xl reads this as ${code(m)}${info.enumMatch === 'prefix' ? ' (xl matches any prefix of the word)' : ''}.`;
    }
    if (info.kind === 'enum-or-integer' || info.kind === 'boolean-or-enum') {
      const r = readLong(value, appended, key);
      if (r.ok) return `xl reads this as the number ${describeNumber(value)}.`;
    }
    if (info.kind === 'enum-or-string')
      return `${shown}${decoded}: not one of the listed words, so xl takes it as a free string.`;
    const known = enumValuesFor(info, target);
    return bad(
      `${shown} is not one of ${known.slice(0, 12).map(code).join(', ')}${known.length < info.enumValues.length ? ` in Xen ${escape(target)}` : ''}`,
    );
  }
  if (node.kind === 'number') return `Number ${shown}: stored as its text; ${code(key)} reads it as a string.`;
  return `String ${shown}${decoded}.`;
}

function firmwareText(value: string, guestType: GuestType, shown: string): string {
  const m = firmwareMeaning(value, guestType);
  switch (m.kind) {
    case 'bios':
      return `xl reads this as the BIOS ${code(m.bios)}.`;
    case 'uefi':
      return 'xl reads this as UEFI: the guest boots OVMF.';
    case 'default-bios':
      return "xl reads this as BIOS: the device model's default BIOS (SeaBIOS with qemu-xen).";
    case 'path':
      return `xl reads this as the path of a firmware file: ${shown}.`;
    case 'pvgrub':
      return `xl reads this as ${code(m.which)}: the guest boots the PV-GRUB image xl ships.`;
    case 'error':
      return `${shown}: for a ${TYPE_NAMES[guestType]} guest only prefixes of ${code('pvgrub32')} or ${code('pvgrub64')} are understood; xl refuses the config.`;
  }
}

function specHover(lang: SpecLanguage, atom: StringAtom, offset: number, release: string): HoverResult | undefined {
  if (!insideString(atom, offset)) return undefined;
  let parse: ReturnType<SpecLanguage['parse']>;
  try {
    parse = lang.parse(atom.value, { release });
  } catch {
    return undefined;
  }
  const idx = decodedIndex(atom, offset);
  const field =
    parse.fields.find((f) => idx >= f.start && idx < Math.max(f.end, f.start + 1)) ??
    parse.fields.find((f) => idx === f.end && f.end > f.start);
  const parts: string[] = [];
  if (field) {
    const doc = lang.fields.find((d) => d.name === field.name);
    let head = `${code(field.name)}${field.positional ? ' (by position)' : ''}`;
    if (!field.positional || field.value) head += ` = ${code(truncate(field.value, SHOW))}`;
    parts.push(head);
    if (doc) {
      parts.push(prose(doc.doc));
      if (!fieldInRelease(doc, release))
        parts.push(
          `Xen ${escape(release)}'s xl does not read ${code(doc.name)} (${doc.since ? `from ${escape(doc.since)}` : `until ${escape(doc.until ?? '')}`}).`,
        );
      const extra: string[] = [];
      if (doc.values?.length)
        extra.push(`Values: ${doc.values.slice(0, 12).map(code).join(', ')}${doc.values.length > 12 ? ', …' : ''}`);
      if (doc.default) extra.push(`Default: ${prose(doc.default)}`);
      if (extra.length) parts.push(extra.join('  \n'));
    } else if (!field.positional) {
      parts.push(`${code(field.name)} is not a field ${escape(lang.syntax)} knows.`);
    }
    if (field.ignored) parts.push('xl skips this item: it has no effect.');
  }
  if (parse.summary.length) {
    const rows = parse.summary.slice(0, 40).map(([label, text]) => `- ${escape(label)}: ${code(truncate(text, SHOW))}`);
    parts.push(`**${escape(lang.syntax)}**, as xl reads it (defaults included):\n${rows.join('\n')}`);
  }
  if (!parts.length) return undefined;
  // Field spans may include their separator; the highlight should not.
  let fieldEnd = field?.end ?? 0;
  while (field && fieldEnd > field.start && /[,\s]/.test(atom.value[fieldEnd - 1])) fieldEnd--;
  const start = field ? sourceOffset(atom, field.start) : atom.start;
  const end = field ? Math.max(start, sourceOffset(atom, fieldEnd)) : atom.end;
  return { markdown: parts.join('\n\n'), start, end };
}

// ---- comments -----------------------------------------------------------------------------------

function commentHover(result: CheckResult, c: Comment, offset: number): HoverResult | undefined {
  const d = commentDirective(result.file, c);
  if (!d) return undefined;
  if (d.kind === 'facts') {
    const inside = (i: FactItem) => offset >= i.name.start && offset <= (i.value ?? i.name).end;
    const hit = d.items.find(inside) ?? d.items.find((i) => i.value);
    const parts = ['**xlcfg directive** (xl ignores it like any comment): states facts about the guest for xlcfg.'];
    if (hit) {
      const name = hit.name.text;
      if (!isFactName(name)) {
        parts.push(
          `${code(truncate(name, 40))} is not a directive xlcfg knows (known: ${FACT_NAMES.map(code).join(', ')}).`,
        );
      } else {
        parts.push(`${code(name)} ${prose(FACT_DOCS[name])}`);
        const value = hit.value?.text;
        const expected = FACTS[name].expected;
        if (!value) parts.push(`No value yet: write \`${name}=\` and ${expected}.`);
        else
          parts.push(
            factAccepts(name, value)
              ? `Value: ${code(value)}.`
              : `${code(truncate(value, 40))} is not understood; use ${expected}.`,
          );
      }
    }
    return { markdown: parts.join('\n\n'), start: c.start, end: c.end };
  }
  const scope = d.scope === 'next-line' ? 'the next line' : 'this whole file';
  const parts = [
    `**xlcfg suppression:** silences xlcfg's diagnostics on ${scope}${d.ids.length ? ' for the rules named' : ', for every rule'}. xl ignores it like any comment.`,
  ];
  const rows = d.ids.slice(0, 20).map(({ text: id }) => {
    const r = ruleInfo(id);
    if (r) return `- ${code(id)}: ${prose(r.summary)}`;
    if (id.endsWith('/*') && RULES.some((x) => x.id.startsWith(id.slice(0, -1))))
      return `- ${code(id)}: every rule in this group`;
    return `- ${code(truncate(id, 60))}: not an xlcfg rule id, so it silences nothing`;
  });
  if (rows.length) parts.push(rows.join('\n'));
  parts.push('Text after `--` is a reason for the reader.');
  return { markdown: parts.join('\n\n'), start: c.start, end: c.end };
}

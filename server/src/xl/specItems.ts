// Strings xl hands to a sub-language parser (a disk spec, a PCI BDF, a cpuid flag list, ...):
// the model runs xlcfg's parser for that language (server/src/specs), turns what the parser says
// xl prints or does into reports placed inside the string, and keeps the parse for the rules and
// the hover, so nothing is parsed twice.
import { specFor, type SpecContext, type SpecLanguage, type SpecParse } from '../specs/index';
import type { XlOutput } from '../specs/types';
import { sourceOffset, type StringAtom, type ValueNode } from '../syntax/tree';
import { isRuleId, type RuleId } from '../rules';
import type { Span, XlModel } from './model';
import type { PrintedLine, XlReport } from './report';

/** One parsed string: which key and list item it came from, where it is, and what its parser said. */
export interface SpecUse {
  key: string;
  /** Index in the key's list (undefined for a single string). */
  index?: number;
  /** Index inside an inner list (vnuma, vsnd). */
  inner?: number;
  syntax: string;
  text: string;
  atom?: StringAtom;
  /** Where the string is when it has no single literal (built with `+=`). */
  fallback: Span;
  parse: SpecParse;
}

/** `spec/<language>`: the rule a parser's problems are shown under (cpuid's two forms share one). */
export function specRuleId(syntax: string): RuleId {
  let id = RULE_OF_SYNTAX.get(syntax);
  if (id === undefined) {
    const name = `spec/${SPEC_RULE_NAMES[syntax] ?? syntax.replace(/-spec$/, '')}`;
    if (!isRuleId(name)) throw new Error(`no rule for the ${syntax} language: add ${name} to server/src/rules.ts`);
    id = name;
    RULE_OF_SYNTAX.set(syntax, id);
  }
  return id;
}

const SPEC_RULE_NAMES: Readonly<Record<string, string>> = {
  'cpuid-libxl': 'cpuid',
  'cpuid-xend': 'cpuid',
  'vnuma-vnode': 'vnuma',
  'vsnd-card': 'vsnd',
};

/** Every string of every check asks: answered once per language. */
const RULE_OF_SYNTAX = new Map<string, RuleId>();

/** Where characters [i, j) of a string value are in the file. */
export function textSpan(atom: StringAtom | undefined, i: number, j: number, fallback: Span): Span {
  if (!atom) return fallback;
  const start = sourceOffset(atom, i);
  let end = Math.max(start, sourceOffset(atom, j));
  // An empty span at the closing quote still needs a visible range: cover the quote.
  if (start === end && end < atom.end) end = Math.min(atom.end, start + 1);
  return { start, end };
}

export function specContext(m: XlModel, extra: Partial<SpecContext> = {}): SpecContext {
  return Object.assign({ release: m.release, host: m.host }, extra);
}

/**
 * Parse `text` with `syntax`'s parser and report what xl does with it. Returns the parse; its
 * `device` is what xl builds, and the caller decides what a fatal problem means for the list.
 */
export function parseSpec(
  m: XlModel,
  key: string,
  syntax: string,
  text: string,
  node: ValueNode | undefined,
  fallback: Span,
  where: { index?: number; inner?: number } = {},
  context: Partial<SpecContext> = {},
): SpecParse {
  const lang: SpecLanguage | undefined = specFor(syntax);
  if (!lang) throw new Error(`no parser for ${syntax}`);
  const parse = lang.parse(text, specContext(m, context));
  reportParse(m, key, syntax, text, node, fallback, where, parse);
  return parse;
}

/** Keep a parse made elsewhere (vsnd's cards) and report what xl does with its string. */
export function reportParse(
  m: XlModel,
  key: string,
  syntax: string,
  text: string,
  node: ValueNode | undefined,
  fallback: Span,
  where: { index?: number; inner?: number },
  parse: SpecParse,
): void {
  const atom = node?.kind === 'string' ? node : undefined;
  // The fields of `where` after `key`, as a spread would put them (spreading costs more here).
  const use: SpecUse =
    where.index === undefined && where.inner === undefined
      ? { key, syntax, text, atom, fallback, parse }
      : where.inner === undefined
        ? { key, index: where.index, syntax, text, atom, fallback, parse }
        : { key, index: where.index, inner: where.inner, syntax, text, atom, fallback, parse };
  m.specUses.push(use);
  const rule = specRuleId(syntax);
  for (const p of parse.problems) {
    // A parser that does not give xl's output yet still says whether xl exits (`fatal`).
    const xl = p.xl ?? (p.fatal ? { effect: 'refusal' as const, printed: [] } : undefined);
    if (!xl) continue;
    const at = textSpan(atom, p.start, p.end, fallback);
    const printed = printedLines(m, key, xl, node);
    let r: XlReport;
    if (xl.effect === 'refusal') r = m.refuse(rule, key, at, printed, p.message);
    else if (xl.effect === 'crash')
      r = m.crash(
        rule,
        key,
        at,
        printed.map((x) => x.text),
        p.message,
      );
    else if (xl.effect === 'hang') r = m.report({ effect: 'hang', rule, key, ...at, printed, message: p.message });
    else if (xl.effect === 'warning') r = m.warn(rule, key, at, printed, p.message);
    else r = m.silent(rule, key, at, p.message);
    // libxlu's PCI and RDM messages end without a newline: xl's next line continues them.
    if (xl.unterminated) m.continueLine(r);
  }
}

/**
 * The lines of a parser's XlOutput as xl prints them: libxlu's prefix on the first one where it
 * puts one (the config's name, or the location of `node`, the value the line is about).
 */
export function printedLines(m: XlModel, key: string, xl: XlOutput, node: ValueNode | undefined): PrintedLine[] {
  return xl.printed.map((text, i): PrintedLine => {
    if (i > 0 || !xl.prefix) return { text };
    if (xl.prefix === 'source') return { text, source: true };
    const s = m.file.settings.get(key);
    return s ? m.xlu.valueLine(text, node, s) : { text };
  });
}

/** True when the parse ends with xl exiting (a fatal problem). */
export function fatal(parse: SpecParse): boolean {
  return parse.problems.some((p) => p.fatal);
}

// The `# xlcfg` comment directives, read in one place: the domain view, suppressions, hover and
// completion all take their typed form from here. xl ignores them like any comment.
//
//   # xlcfg: guest-os=netbsd host-cpu=amd      facts about the guest the config cannot state
//   # xlcfg-disable-next-line key/unknown, value/boolean -- why
//   # xlcfg-disable force-x2apic/*               (for the whole file; no ids: every rule)
import { ARCHES, GUEST_OSES, HOST_VENDORS } from '../guest';
import type { Comment, ConfigFile } from '../syntax/tree';
import { DESIGNS } from '../vlapic/design';

/** A word of a directive and where it is (offsets in the file). */
export interface DirectiveWord {
  text: string;
  start: number;
  end: number;
}

/** One `name=value` of a `# xlcfg:` comment; `value` is absent while only the name is written. */
export interface FactItem {
  name: DirectiveWord;
  value?: DirectiveWord;
}

export interface FactsDirective {
  kind: 'facts';
  /** The whole comment. */
  start: number;
  end: number;
  /** Where the items begin (after `xlcfg:`). */
  bodyStart: number;
  items: FactItem[];
}

export interface SuppressionDirective {
  kind: 'suppression';
  scope: 'next-line' | 'file';
  start: number;
  end: number;
  /** End of the `xlcfg-disable[-next-line]` keyword. */
  keywordEnd: number;
  /** The rule ids (or `group/*`) named; empty silences every rule. */
  ids: DirectiveWord[];
  /** Where `-- reason` begins, if there is one: nothing after it is an id. */
  reasonStart?: number;
}

export type Directive = FactsDirective | SuppressionDirective;

/** A fact stated with a value (what the domain view reads). */
export interface FactDirective {
  name: string;
  value: string;
  /** Offsets of the value. */
  start: number;
  end: number;
  /** Offsets of the name. */
  nameStart: number;
  /** Offsets of the whole comment. */
  commentStart: number;
  commentEnd: number;
}

export type FactName = 'guest-os' | 'host-cpu' | 'arch' | 'design' | 'linux-version';

export interface FactSpec {
  /** The values accepted, when they are a closed list. */
  values?: readonly string[];
  /** Values worth offering when the list is open. */
  examples?: readonly string[];
  /** Free-form values: what an accepted one looks like. */
  pattern?: RegExp;
  /** How to say what is expected, for a value that is not accepted. */
  expected: string;
}

const oneOf = (values: readonly string[]): FactSpec => ({
  values,
  expected: `one of ${values.map((v) => `\`${v}\``).join(', ')}`,
});

/** Every fact a `# xlcfg:` comment can state, and the values it accepts. */
export const FACTS: Readonly<Record<FactName, FactSpec>> = {
  'guest-os': oneOf(GUEST_OSES),
  'host-cpu': oneOf(HOST_VENDORS),
  arch: oneOf(ARCHES),
  design: oneOf(DESIGNS),
  'linux-version': {
    pattern: /^\d+\.\d+/,
    examples: ['6.12', '6.6', '6.1', '5.15', '5.10'],
    expected: 'a release such as `6.1` or `5.15.0-91`',
  },
};

export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export function isFactName(s: string): s is FactName {
  return Object.hasOwn(FACTS, s);
}

/** Whether `value` is one the fact accepts (an unknown fact accepts nothing). */
export function factAccepts(name: string, value: string): boolean {
  if (!isFactName(name)) return false;
  const spec = FACTS[name];
  return spec.values ? spec.values.includes(value) : !!spec.pattern?.test(value);
}

/** The words that begin each directive after `# `. */
export const DIRECTIVE_WORDS = {
  facts: 'xlcfg:',
  'next-line': 'xlcfg-disable-next-line',
  file: 'xlcfg-disable',
} as const;

/** The comment text of a suppression (what a quick fix inserts). */
export function suppressionComment(scope: SuppressionDirective['scope'], ids: readonly string[]): string {
  return `# ${DIRECTIVE_WORDS[scope]}${ids.length ? ` ${ids.join(', ')}` : ''}`;
}

const FACTS_HEAD = /^#\s*xlcfg:\s*/;
const SUPPRESSION_HEAD = /^#\s*xlcfg-disable(-next-line)?(?=\s|$)/;
/** A fact's name, then `=` and its value when written. */
const ITEM = /([a-z][a-z-]*)(?:(\s*=\s*)([^\s,]*))?/g;
const ID = /[^\s,]+/g;

/**
 * The directive in a comment's text (`text` starts at the `#`, at offset `start` of the file), or
 * undefined for an ordinary comment. Works on a comment being typed too (completion reads the
 * directive around the cursor).
 */
export function readDirective(text: string, start: number): Directive | undefined {
  const end = start + text.length;
  const facts = FACTS_HEAD.exec(text);
  if (facts) {
    const bodyStart = start + facts[0].length;
    const body = text.slice(facts[0].length);
    const items: FactItem[] = [];
    ITEM.lastIndex = 0;
    for (let m = ITEM.exec(body); m; m = ITEM.exec(body)) {
      const at = bodyStart + m.index;
      const item: FactItem = { name: { text: m[1], start: at, end: at + m[1].length } };
      if (m[2] !== undefined) {
        const v = at + m[1].length + m[2].length;
        item.value = { text: m[3], start: v, end: v + m[3].length };
      }
      items.push(item);
    }
    return { kind: 'facts', start, end, bodyStart, items };
  }
  const sup = SUPPRESSION_HEAD.exec(text);
  if (!sup) return undefined;
  const keywordEnd = start + sup[0].length;
  const rest = text.slice(sup[0].length);
  const ids: DirectiveWord[] = [];
  let reasonStart: number | undefined;
  ID.lastIndex = 0;
  for (let m = ID.exec(rest); m; m = ID.exec(rest)) {
    const at = keywordEnd + m.index;
    if (m[0].startsWith('--')) {
      reasonStart = at;
      break;
    }
    ids.push({ text: m[0], start: at, end: at + m[0].length });
  }
  return {
    kind: 'suppression',
    scope: sup[1] ? 'next-line' : 'file',
    start,
    end,
    keywordEnd,
    ids,
    ...(reasonStart !== undefined ? { reasonStart } : {}),
  };
}

/** The directive a comment of `file` holds. */
export function commentDirective(file: ConfigFile, c: Comment): Directive | undefined {
  return readDirective(file.text.slice(c.start, c.end), c.start);
}

/** Every directive of the file, in order (only comments that mention `xlcfg` are read). */
export function directivesOf(file: ConfigFile): Directive[] {
  const out: Directive[] = [];
  for (const c of file.directiveComments) {
    const d = commentDirective(file, c);
    if (d) out.push(d);
  }
  return out;
}

/** The facts stated with a value, in order (the last of a name wins where the domain reads them). */
export function factDirectives(file: ConfigFile): FactDirective[] {
  const out: FactDirective[] = [];
  for (const d of directivesOf(file)) {
    if (d.kind !== 'facts') continue;
    for (const { name, value } of d.items) {
      if (!value) continue;
      out.push({
        name: name.text,
        value: value.text,
        start: value.start,
        end: value.end,
        nameStart: name.start,
        commentStart: d.start,
        commentEnd: d.end,
      });
    }
  }
  return out;
}

export function suppressionDirectives(file: ConfigFile): SuppressionDirective[] {
  return directivesOf(file).filter((d): d is SuppressionDirective => d.kind === 'suppression');
}

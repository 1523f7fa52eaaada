// What xl does with the file, as diagnostics: every warning xl prints, every refusal and crash,
// and what it does without a word, straight from the xl stage (server/src/xl). This module decides
// nothing about values itself; it places the xl stage's reports and offers fixes for them.
import type { Severity } from '../../diagnostic';
import { didYouMean } from '../../schema/suggest';
import type { ConfigFile, Setting } from '../../syntax/tree';
import type { XlReport } from '../../xl/report';
import { quoteValue, removeKeyFix, replaceValueFix } from '../edits';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';

const EFFECT_SEVERITY: Record<XlReport['effect'], Severity> = {
  refusal: 'error',
  crash: 'error',
  hang: 'error',
  warning: 'warning',
  silent: 'information',
};

/** Keys that make a file a domain config rather than a fragment meant to be included. */
const CORE_KEYS = ['name', 'type', 'builder', 'memory', 'vcpus', 'kernel', 'bootloader', 'firmware'];
const CORE_KEY_SET: ReadonlySet<string> = new Set(CORE_KEYS);

export const xlRules: RuleModule = {
  name: 'xl',
  check(ctx) {
    const reports = merged(ctx.xl.reports);
    const fragment = isFragment(ctx.file);
    for (const r of reports) {
      // libxlu's lines for a file it cannot parse: the parser's own diagnostics explain them.
      if (r.rule.startsWith('syntax/')) continue;
      if (fragment && (r.afterExit || r.rule !== 'relation/name-missing')) continue;
      // In a file xl cannot parse, a key that looks absent may sit in a broken statement: what xl
      // would say about its absence is not known.
      if (!ctx.file.ok && !ctx.file.settings.has(r.key)) continue;
      const severity = r.effect === 'silent' ? silentSeverity(r) : EFFECT_SEVERITY[r.effect];
      ctx.report({
        id: r.rule,
        start: r.start,
        end: r.end,
        severity,
        message: fragment ? 'No `name` and none of the keys of a whole config: xl refuses this fragment' : r.message,
        claim: {
          by: 'xl',
          effect: r.effect,
          printed: r.printed.map((p) => p.text),
          ...(r.afterExit ? { afterEarlierExit: true } : {}),
        },
        fixes: fixesFor(ctx, r),
        ...(r.rule === 'key/ignored' ||
        r.rule === 'relation/cmdline-overrides' ||
        r.rule === 'relation/hvmloader-kernel'
          ? { unnecessary: true }
          : {}),
        ...(r.rule === 'key/deprecated' || r.rule === 'value/enum-integer' ? { deprecated: true } : {}),
      });
    }
  },
};

/**
 * One diagnostic per rule and place: libxlu's warning and xl's refusal right after it (a list
 * where xl needs one, `smbios = "..."`) are one problem with two printed lines.
 */
function merged(reports: readonly XlReport[]): XlReport[] {
  const rank = { hang: 3, crash: 3, refusal: 2, warning: 1, silent: 0 };
  const out: XlReport[] = [];
  const at = new Map<string, number>();
  // Reports made here by merging: their printed list is their own, so later lines are appended in
  // place (a file libxlu cannot read can put thousands of lines on one place).
  const own = new Set<XlReport>();
  for (const r of reports) {
    const k = `${r.rule}|${r.start}|${r.end}`;
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, out.length);
      out.push(r);
      continue;
    }
    const prev = out[i];
    const [hi, lo] = rank[r.effect] > rank[prev.effect] ? [r, prev] : [prev, r];
    const printed = own.has(prev) ? prev.printed : [...prev.printed];
    for (const p of r.printed) printed.push(p);
    const next: XlReport = {
      ...hi,
      printed,
      afterExit: prev.afterExit && r.afterExit ? true : undefined,
      data: { ...lo.data, ...hi.data },
    };
    own.delete(prev);
    own.add(next);
    out[i] = next;
  }
  return out;
}

/** Hints (a reading that differs from what is written) matter less than silent drops. */
function silentSeverity(r: XlReport): Severity {
  return r.data?.hint ? 'hint' : 'information';
}

function isFragment(file: ConfigFile): boolean {
  if (CORE_KEYS.some((k) => file.settings.has(k))) return false;
  // One pass over the statements, not one per core key (a generated file has thousands).
  return !file.statements.some((a) => a.broken && CORE_KEY_SET.has(a.key));
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n', 'disable', 'disabled', 'none']);
const UNIT = /^\s*(\d+)\s*([kKmMgGtT])(?:i?[bB])?\s*$/;

function fixesFor(ctx: RuleContext, r: XlReport): OffsetFix[] {
  const s = ctx.file.settings.get(r.key);
  if (!s) return [];
  switch (r.rule) {
    case 'value/boolean': {
      const word = typeof s.value === 'string' ? s.value.trim().toLowerCase() : '';
      const n = TRUE_WORDS.has(word) ? '1' : FALSE_WORDS.has(word) ? '0' : undefined;
      return n ? replaceValueFix(s, `Write ${n}`, n) : [];
    }
    case 'value/unit':
      return unitFix(s, r);
    case 'value/integer':
      return octalFix(s);
    case 'value/string-expected':
      return unwrapFix(ctx, s);
    case 'value/list-expected':
      return r.key === 'bootloader_args' ? splitFix(s) : wrapFix(s);
    case 'value/append-numeric':
      return [
        {
          title: 'Use `=` instead of `+=`',
          edits: s.sources
            .filter((a) => a.op === '+=')
            .map((a) => ({ start: a.opStart, end: a.opStart + 2, newText: '=' })),
          preferred: s.sources.length === 1,
        },
      ];
    case 'value/enum':
      return enumFixes(s, r);
    case 'value/enum-integer':
      return typeof r.data?.word === 'string'
        ? replaceValueFix(s, `Write "${r.data.word}"`, quoteValue(r.data.word))
        : [];
    case 'relation/builder-type-conflict':
    case 'relation/timer-mode-pv':
    case 'key/ignored':
    case 'relation/cmdline-overrides':
      return [removeKeyFix(ctx.file, s)];
    case 'relation/hvmloader-kernel':
      return [removeKeyFix(ctx.file, s, true)];
    default:
      return [];
  }
}

/** MiB (or KiB) for a number with a unit suffix, when it is a whole number. */
function unitFix(s: Setting, r: XlReport): OffsetFix[] {
  const m = typeof s.value === 'string' ? UNIT.exec(s.value) : null;
  if (!m) return [];
  // Keys read in MiB unless xl multiplies nothing (the *_kb keys).
  const inKib = /_kb$/.test(r.key);
  const pow = { k: 0, m: 1, g: 2, t: 3 }[m[2].toLowerCase() as 'k' | 'm' | 'g' | 't'];
  const exp = pow - (inKib ? 0 : 1);
  const v = exp >= 0 ? Number(m[1]) * 1024 ** exp : Number(m[1]) / 1024;
  if (!Number.isSafeInteger(v)) return [];
  return replaceValueFix(s, `Write ${v} (${inKib ? 'KiB' : 'MiB'})`, String(v));
}

/** `09` is not octal: offer the decimal the user meant. */
function octalFix(s: Setting): OffsetFix[] {
  const text = typeof s.value === 'string' ? s.value.trim() : '';
  if (!/^[+-]?0\d+$/.test(text)) return [];
  const dec = String(Number(text));
  return replaceValueFix(s, `Write ${dec} (decimal)`, dec);
}

/** A one-item list where one value is wanted: the item without brackets. */
function unwrapFix(ctx: RuleContext, s: Setting): OffsetFix[] {
  const node = s.sources.length === 1 ? s.sources[0].value : undefined;
  if (node?.kind !== 'list' || node.items.length !== 1 || node.items[0].kind === 'list') return [];
  const it = node.items[0];
  return [
    {
      title: 'Use the single item without brackets',
      edits: [{ start: node.start, end: node.end, newText: ctx.file.text.slice(it.start, it.end) }],
      preferred: true,
    },
  ];
}

function wrapFix(s: Setting): OffsetFix[] {
  const v = s.sources.length === 1 ? s.sources[0].value : undefined;
  if (!v) return [];
  return [
    {
      title: 'Wrap the value in [ ... ]',
      edits: [
        { start: v.start, end: v.start, newText: '[ ' },
        { start: v.end, end: v.end, newText: ' ]' },
      ],
      preferred: true,
    },
  ];
}

/** xl_parse.c splits a string `bootloader_args` at blanks, tabs and newlines: write that list. */
function splitFix(s: Setting): OffsetFix[] {
  if (typeof s.value !== 'string') return [];
  const words = s.value.split(/[ \t\n]+/).filter((w) => w !== '');
  if (!words.length) return [];
  return replaceValueFix(s, 'Write it as a list', `[ ${words.map(quoteValue).join(', ')} ]`);
}

/** The word xl read (a prefix or another case), a did-you-mean, or xm's builder word as `type`. */
function enumFixes(s: Setting, r: XlReport): OffsetFix[] {
  if (typeof r.data?.read === 'string') return replaceValueFix(s, `Write "${r.data.read}"`, quoteValue(r.data.read));
  if (typeof r.data?.xm === 'string') {
    const a = s.sources[s.sources.length - 1];
    return s.sources.length === 1 && !s.all.some((x) => x !== a)
      ? [
          {
            title: `Replace with type = "${r.data.xm}"`,
            edits: [{ start: a.start, end: a.end, newText: `type = "${r.data.xm}"` }],
            preferred: true,
          },
        ]
      : [];
  }
  const expected = r.data?.expected;
  if (!Array.isArray(expected) || typeof s.value !== 'string') return [];
  const text = s.value;
  const ci = (expected as string[]).find((v) => v.toLowerCase() === text.toLowerCase());
  const near = ci ?? didYouMean(text, expected as string[]);
  return near ? replaceValueFix(s, `Use "${near}"`, quoteValue(near), !!ci) : [];
}

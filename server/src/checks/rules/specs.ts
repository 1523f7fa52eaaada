// Sub-language checks: every string of a key whose catalogue `syntax` names a mini-language
// (disk, vif, pci, cpulist, cpuid, vnuma, ...) goes through that language's parser
// (server/src/specs, modelled on tools/libs/util/libxlu_*.c and tools/xl/xl_parse.c), and each
// problem is reported inside the string. Id: `spec/<syntax without -spec>`.
import type { Severity } from '../../diagnostic';
import type { KeyInfo } from '../../schema/types';
import { specFor, type SpecLanguage } from '../../specs/index';
import type { Setting, StringAtom, ValueNode } from '../../syntax/tree';
import type { RuleContext, RuleModule } from '../rule';
import { specRuleId, textSpan } from '../../xl/specItems';
import { forEachReadSetting, listItemNodes, valueSpan } from './ruleUtil';

export const specRules: RuleModule = {
  name: 'specs',
  check(ctx) {
    // What xl itself does with these strings is reported by xl.ts; here: xlcfg's own advice from
    // the same parses (the xl stage's), and the strings of device lists written as one string,
    // which xl never parses (value/list-expected says so) but will once they are a list.
    for (const use of ctx.xl.specUses) {
      const id = specRuleId(use.syntax);
      for (const p of use.parse.problems) {
        if (p.xl || p.fatal) continue;
        const span = use.atom ? textSpan(use.atom, p.start, p.end, use.fallback) : use.fallback;
        ctx.report({ id, ...span, severity: p.severity === 'error' ? 'warning' : p.severity, message: p.message });
      }
    }
    forEachReadSetting(ctx, (s, info) => {
      if (info.syntax && info.kind === 'list' && typeof s.value === 'string') checkSetting(ctx, s, info);
    });
  },
};

function checkSetting(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  const syntax = info.syntax!;
  if (syntax.startsWith('cpuid')) {
    // xl_parse.c: a string is the libxl form, a list the xend form.
    const lang = specFor(typeof s.value === 'string' ? 'cpuid-libxl' : 'cpuid-xend');
    if (lang) visit(ctx, s, lang, false);
    return;
  }
  const lang = specFor(syntax);
  if (!lang) return; // host paths, boot order and the like have no parser.
  // A device list written as one string creates no devices (values.ts says so): nothing is fatal.
  const capped = typeof s.value === 'string' && info.kind === 'list';
  visit(ctx, s, lang, capped);
}

function visit(ctx: RuleContext, s: Setting, lang: SpecLanguage, capped: boolean): void {
  if (typeof s.value === 'string') {
    const atom = s.sources.length === 1 && s.sources[0].value?.kind === 'string' ? s.sources[0].value : undefined;
    one(ctx, s, lang, s.value, atom, capped);
    return;
  }
  const nodes = listItemNodes(s);
  for (let i = 0; i < s.value.length; i++) {
    const item = s.value[i];
    // Items after the first nested list are never read (value/nested-list) — except in the
    // list-of-lists keys, whose inner lists hold the strings.
    if (typeof item === 'string') {
      const n = nodes[i];
      one(ctx, s, lang, item, n?.kind === 'string' ? n : undefined, capped);
      continue;
    }
    if (lang.syntax !== 'vnuma-vnode' && lang.syntax !== 'vsnd-card') break;
    const inner = nodes[i];
    item.forEach((sub, j) => {
      if (typeof sub !== 'string') return;
      const n: ValueNode | undefined = inner?.kind === 'list' ? inner.items[j] : undefined;
      one(ctx, s, lang, sub, n?.kind === 'string' ? n : undefined, capped);
    });
  }
}

function one(
  ctx: RuleContext,
  s: Setting,
  lang: SpecLanguage,
  text: string,
  atom: StringAtom | undefined,
  capped: boolean,
): void {
  const parsed = lang.parse(text, { release: ctx.options.xenVersion });
  if (!parsed.problems.length) return;
  const id = specRuleId(lang.syntax);
  for (const p of parsed.problems) {
    let severity: Severity = p.fatal ? 'error' : p.severity;
    if (capped && severity === 'error') severity = 'warning';
    const span = textSpan(atom, p.start, p.end, valueSpan(s));
    ctx.report({ id, ...span, severity, message: capped ? `Once in a list: ${p.message}` : p.message });
  }
}

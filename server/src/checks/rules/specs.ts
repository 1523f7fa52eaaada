// Sub-language checks: every string of a key whose catalogue `syntax` names a mini-language
// (disk, vif, pci, cpulist, cpuid, vnuma, ...) goes through that language's parser
// (server/src/specs, modelled on tools/libs/util/libxlu_*.c and tools/xl/xl_parse.c), and each
// problem is reported inside the string. Id: `spec/<syntax without -spec>`.
import type { Severity } from '../../diagnostic';
import type { KeyInfo } from '../../schema/types';
import { specFor, type SpecLanguage } from '../../specs/index';
import { sourceOffset, type Setting, type StringAtom, type ValueNode } from '../../syntax/tree';
import type { RuleContext, RuleModule } from '../rule';
import { forEachReadSetting, listItemNodes, valueSpan } from './ruleUtil';

/** Report id for a syntax name: `disk-spec` → `spec/disk`. */
export function specRuleId(syntax: string): string {
  return `spec/${ID_NAMES[syntax] ?? syntax.replace(/-spec$/, '')}`;
}

// Both cpuid forms share one id; a vnode item is the vnuma language.
const ID_NAMES: Record<string, string> = { 'cpuid-libxl': 'cpuid', 'cpuid-xend': 'cpuid', 'vnuma-vnode': 'vnuma', 'vsnd-card': 'vsnd' };

// Every syntax with a parser, and the id it reports under.
const SPEC_SYNTAXES = [
  'disk-spec', 'vif-spec', 'pci-spec', 'rdm-spec', 'cpulist', 'cpuid-libxl', 'cpuid-xend', 'vnuma-vnode', 'channel-spec',
  'usbdev-spec', 'usbctrl-spec', 'vtpm-spec', 'p9-spec', 'vkb-spec', 'vfb-spec', 'pvcalls-spec', 'vdispl-spec', 'virtio-spec',
  'vsnd-card', 'iomem-range', 'ioport-range', 'irq-number', 'color-range', 'smbios-spec', 'quota-spec', 'arm-sci-spec', 'uuid',
];

const SUMMARY: Record<string, string> = {
  'disk-spec': 'disk', 'vif-spec': 'vif (network)', 'pci-spec': 'PCI passthrough', 'rdm-spec': 'rdm', cpulist: 'CPU list',
  'cpuid-libxl': 'cpuid (libxl form)', 'cpuid-xend': 'cpuid (xend form)', 'vnuma-vnode': 'vnuma vnode', 'channel-spec': 'channel',
  'usbdev-spec': 'usbdev', 'usbctrl-spec': 'usbctrl', 'vtpm-spec': 'vtpm', 'p9-spec': '9pfs', 'vkb-spec': 'vkb', 'vfb-spec': 'vfb',
  'pvcalls-spec': 'pvcalls', 'vdispl-spec': 'vdispl', 'virtio-spec': 'virtio', 'vsnd-card': 'vsnd (sound card item)', 'iomem-range': 'iomem', 'ioport-range': 'ioports',
  'irq-number': 'irqs', 'color-range': 'llc_colors', 'smbios-spec': 'smbios', 'quota-spec': 'xenstore_quota', 'arm-sci-spec': 'arm_sci',
  uuid: 'uuid',
};

export const specRules: RuleModule = {
  name: 'specs',
  rules: SPEC_SYNTAXES.filter((syntax) => syntax !== 'cpuid-xend').map((syntax) => ({
    id: specRuleId(syntax),
    severity: 'error' as Severity,
    summary: `A problem inside a ${syntax.startsWith('cpuid') ? 'cpuid' : SUMMARY[syntax]} string, per xl's own parser (error when xl refuses the domain).`,
  })),
  check(ctx) {
    forEachReadSetting(ctx, (s, info) => {
      if (info.syntax) checkSetting(ctx, s, info);
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

function one(ctx: RuleContext, s: Setting, lang: SpecLanguage, text: string, atom: StringAtom | undefined, capped: boolean): void {
  const parsed = lang.parse(text, { release: ctx.options.xenVersion });
  if (!parsed.problems.length) return;
  const id = specRuleId(lang.syntax);
  for (const p of parsed.problems) {
    let severity: Severity = p.fatal ? 'error' : p.severity;
    if (capped && severity === 'error') severity = 'warning';
    const span = atom ? { start: sourceOffset(atom, p.start), end: Math.max(sourceOffset(atom, p.start), sourceOffset(atom, p.end)) } : valueSpan(s);
    // An empty span at the closing quote still needs a visible range: cover the quote.
    if (atom && span.start === span.end && span.end < atom.end) span.end = Math.min(atom.end, span.start + 1);
    ctx.report({ id, ...span, severity, message: capped ? `Once this is written as a list: ${p.message}` : p.message });
  }
}

// A key's documentation as markdown, composed from its catalogue facts and our prose: the hover and
// the completion list show the same text. Only the prose (summary, notes) is stored as text; the
// value kind, default, allowed words, guest types, version, range, deprecation, the sub-language's
// fields and what xl does with a wrong value are worded here, so they can never disagree with the
// facts the rules use.
import { KIND_TEXT } from '../schema/kinds';
import type { GuestType, KeyInfo } from '../schema/types';
import { compareVersions } from '../schema/versions';
import { specFor, type SpecFieldDoc } from '../specs/index';
import { code, escape, prose, safeLink } from './markdown';

const TYPE_NAMES: Record<GuestType, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

const MATCH_TEXT = {
  exact: 'case matters',
  prefix: 'xl accepts any prefix of these words (case matters)',
  'case-insensitive': 'case does not matter',
} as const;

/** Most allowed words or sub-language fields listed before "and N more". */
const MAX_LISTED = 16;

/** Xen's own page on COLO, whose options the vif and disk specs take (docs/README.colo). */
const COLO_DOC = 'https://github.com/xen-project/xen/blob/RELEASE-4.22.0/docs/README.colo';

/** What the hover knows about the file that the completion list does not. */
export interface KeyDocContext {
  /** The target Xen release. */
  target?: string;
  /** This guest's type and where it came from. */
  guestType?: { value: GuestType; origin: string };
}

/** The key's documentation: title line, facts, our notes, example, bad values, link. */
export function keyMarkdown(info: KeyInfo, ctx: KeyDocContext = {}): string {
  const out: string[] = [`${code(info.name)}: ${prose(info.summary)}`];
  out.push(
    keyFacts(info, ctx)
      .map((f) => `- ${f}`)
      .join('\n'),
  );
  if (info.notes) out.push(info.notes); // xlcfg's own markdown (data/keys/keys.md), trusted
  out.push('```xl\n' + info.example + '\n```');
  const bad = info.fatal && info.onBadValue ? info.onBadValue : KIND_TEXT[info.kind].onBadValue;
  out.push(`**If the value is wrong:** ${prose(bad)}`);
  const label = info.manUrl.includes('xl.cfg') ? `xl.cfg(5): ${info.name}` : 'tools/xl/xl_parse.c';
  out.push(safeLink(label, info.manUrl));
  return out.join('\n\n');
}

/** The fact lines (markdown, one item each). */
export function keyFacts(info: KeyInfo, ctx: KeyDocContext = {}): string[] {
  const facts: string[] = [`**Value:** ${prose(KIND_TEXT[info.kind].value)}`];
  const def = info.default !== undefined ? code(info.default) : undefined;
  const note = info.defaultNote ? prose(info.defaultNote) : undefined;
  facts.push(`**Default:** ${def && note ? `${def} (${note})` : (def ?? note ?? 'none (unset)')}`);
  if (info.enumValues?.length) {
    const until = info.enumValuesUntil ?? {};
    const words = listed(
      info.enumValues.map((v) => (until[v] ? `${code(v)} (up to Xen ${escape(until[v])})` : code(v))),
    );
    const how = info.enumMatch ? `; ${MATCH_TEXT[info.enumMatch]}` : '';
    const dm = info.enumCheckedByDeviceModel ? '; xl does not check the word, the device model does' : '';
    facts.push(`**Allowed:** ${words}${how}${dm}`);
  }
  const where = [info.guestTypes.map((t) => TYPE_NAMES[t]).join(', ') + ' guests'];
  if (info.arch !== 'all') where.push(`${info.arch === 'x86' ? 'x86' : 'Arm'} only`);
  where.push(info.status === 'proposed' ? 'not in any released Xen (proposed)' : `since Xen ${escape(info.since)}`);
  facts.push(`**Applies to:** ${where.join('; ')}`);
  if (info.range) {
    const r = info.range;
    const how = { xl: 'enforced by xl', manual: 'as the manual says; xl does not check it', none: prose(r.note ?? '') }[
      r.checkedBy
    ];
    facts.push(`**Range:** ${r.min}..${r.max}, ${how}`);
  }
  if (info.status === 'deprecated') {
    const since = info.deprecatedSince ? ` since Xen ${escape(info.deprecatedSince)}` : '';
    facts.push(`**Deprecated**${since}${info.replacedBy ? `: use ${code(info.replacedBy)} instead` : ''}`);
  }
  if (info.status === 'ignored') facts.push(`**Ignored:** ${prose(info.ignoredWhy ?? 'xl reads it only to warn')}`);
  if (info.status === 'proposed' && info.proposal) facts.push(`**Proposed:** ${prose(info.proposal)}`);
  const items = itemsLine(info);
  if (items) facts.push(items);
  if (ctx.target && info.status !== 'proposed' && compareVersions(info.since, ctx.target) > 0) {
    const target = escape(ctx.target);
    facts.push(`**Not read by Xen ${target}:** xl of that release ignores the key (added in ${escape(info.since)}).`);
  }
  const t = ctx.guestType;
  if (t && !info.guestTypes.includes(t.value)) {
    facts.push(`**No effect here:** this guest is ${TYPE_NAMES[t.value]} (${prose(t.origin)}).`);
  }
  return facts;
}

/** The fields of the key's sub-language, COLO's many options as one group. */
function itemsLine(info: KeyInfo): string | undefined {
  if (!info.syntax) return undefined;
  const parts: string[] = [];
  for (const syntax of info.syntax.split('|').map((s) => s.trim())) {
    const lang = specFor(syntax);
    if (!lang) continue;
    const colo = lang.fields.filter(isColo);
    const names = lang.fields.filter((f) => !isColo(f)).map((f) => code(f.name));
    let text = `${escape(syntax)}: ${listed(names)}`;
    if (colo.length) {
      text += `; and ${colo.length} ${safeLink('COLO', COLO_DOC)} replication options (${code(commonPrefix(colo))}…)`;
    }
    parts.push(text);
  }
  return parts.length ? `**Items:** ${parts.join('; ')}` : undefined;
}

/** COLO options (disk and vif specs) are documented as such by their parsers. */
function isColo(f: SpecFieldDoc): boolean {
  return /^COLO\b/.test(f.doc);
}

function commonPrefix(fields: SpecFieldDoc[]): string {
  const counts = new Map<string, number>();
  for (const f of fields) {
    const p = /^[a-z]+[_-]/.exec(f.name)?.[0] ?? f.name;
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function listed(items: string[]): string {
  // "and 1 more" would take the room of the item itself.
  if (items.length <= MAX_LISTED + 2) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')}, and ${items.length - MAX_LISTED} more`;
}

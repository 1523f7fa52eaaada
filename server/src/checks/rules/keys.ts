// Key-level checks: names xl never looks up, keys the chosen guest type or architecture never
// reads, deprecated/removed/ignored keys, and keys the target Xen release does not know yet.
// Ground truth: tools/xl/xl_parse.c: parse_config_data looks keys up by name, one by one, inside
// type-gated blocks; a key nobody asks for is silently ignored (libxlu never lists leftovers).
import { KEY_NAMES, keyInfo, otherName } from '../../schema/catalogue';
import { editDistance, suggestionThreshold } from '../../schema/suggest';
import { matchBuilderPrefix, matchTypePrefix, readBool } from '../../schema/getters';
import type { KeyInfo, OtherName } from '../../schema/types';
import { compareVersions } from '../../schema/versions';
import type { Assignment, ConfigFile } from '../../syntax/tree';
import type { OffsetFix, Report, RuleContext, RuleModule } from '../rule';
import { statementDeletion } from '../edits';
import { excerpt } from '../../excerpt';
import { TYPE_NAME, guestView, keySpan, targetVersion, type GuestView } from './ruleUtil';

interface Suggestion {
  name?: string;
  /** The key/unknown message, built once per name (a 1 MB file repeats it on every keystroke). */
  message: string;
  /** The rename's title, and whether it is the only candidate at its distance (safe to apply blindly). */
  title?: string;
  preferred?: boolean;
}

const SUGGESTIONS = new Map<string, Suggestion>();

/** A string with no reference to the string it was sliced from. */
function flatCopy(s: string): string {
  return s.split('').join('');
}

/** The nearest catalogue key to an unknown name, worked out once per distinct name. */
function suggestion(name: string): Suggestion {
  const hit = SUGGESTIONS.get(name);
  if (hit) return hit;
  // V8 keeps a slice of 13 or more characters as a view of its parent string: caching the key
  // itself would keep that version of the document alive. The cache holds a flat copy.
  const copy = flatCopy(name);
  const s = suggestKey(copy);
  // Bounded, but large enough that a file with tens of thousands of distinct unknown keys is not
  // worked out again (an entry is a short string and a small object).
  if (SUGGESTIONS.size > 100_000) SUGGESTIONS.clear();
  SUGGESTIONS.set(copy, s);
  return s;
}

/** Nearest catalogue key, and whether it is the only one at that distance. */
function suggestKey(name: string): Suggestion {
  const needle = name.toLowerCase();
  const limit = suggestionThreshold(needle);
  let best: string | undefined;
  let bestDist = Infinity;
  let ties = 0;
  for (const c of KEY_NAMES) {
    if (Math.abs(c.length - needle.length) > limit) continue;
    const d = c === needle ? 0 : editDistance(needle, c, limit);
    if (d > limit) continue;
    if (d < bestDist) {
      best = c;
      bestDist = d;
      ties = 0;
    } else if (d === bestDist) ties++;
  }
  const message = `Unknown key ${excerpt(name)}: xl ignores it silently${best ? `. Did you mean \`${best}\`?` : ''}`;
  if (!best) return { message };
  // Another candidate at the same distance: the rename is offered, but not as safe to apply blindly.
  return { name: best, message, title: renameTitle(best), preferred: ties === 0 };
}

/**
 * Whether renaming `a` to `to` keeps the file readable: `+=` joins values of one shape only, so
 * the rename must not put a list after a string (or the reverse) among `to`'s statements
 * (libxlu_cfg.c: xlu__cfg_concat_vals; xl rejects the file otherwise). `to`'s statements are
 * those its setting already lists (every stored assignment of the key, in source order).
 */
function renameKeepsShape(file: ConfigFile, a: Assignment, to: string): boolean {
  const statements = file.settings.get(to)?.all;
  if (!statements) return true;
  const shape = (s: Assignment): boolean => s.value?.kind === 'list';
  let prev: Assignment | undefined;
  let next: Assignment | undefined;
  for (const s of statements) {
    if (s.start < a.start) prev = s;
    else if (!next) next = s;
  }
  if (a.op === '+=' && prev && shape(prev) !== shape(a)) return false;
  return !(next && next.op === '+=' && shape(next) !== shape(a));
}

function renameTitle(to: string): string {
  return `Rename to \`${to}\``;
}

function renameFix(a: Assignment, to: string, preferred: boolean, title = renameTitle(to)): OffsetFix {
  return { title, edits: [{ start: a.keyStart, end: a.keyEnd, newText: to }], preferred };
}

export const keyRules: RuleModule = {
  name: 'keys',
  check(ctx) {
    const { file, domain, options } = ctx;
    const view = guestView(file, domain);
    const target = targetVersion(options);
    // Version comparisons parse strings: do them once per release, not once per statement.
    const newer = new Map<string, boolean>();
    const isNewer = (since: string): boolean => {
      let v = newer.get(since);
      if (v === undefined) newer.set(since, (v = !!target && compareVersions(since, target) > 0));
      return v;
    };
    // A key deprecated after the target release is not deprecated for it (builder before 4.10).
    const isOlder = (since: string | undefined): boolean => !!since && !!target && compareVersions(target, since) < 0;
    for (const a of file.statements) {
      if (a.broken) continue;
      const info = keyInfo(a.key);
      if (!info) {
        unknownKey(ctx, a);
        continue;
      }
      if (info.status === 'proposed') {
        if (!options.enableProposed) {
          ctx.report({
            id: 'key/proposed',
            ...keySpan(a),
            message: `\`${a.key}\` is not in any released Xen (a proposed patch): xl ignores it silently`,
          });
        }
      } else if (isNewer(info.since)) {
        ctx.report({
          id: 'key/newer-than-target',
          ...keySpan(a),
          message: `\`${a.key}\` is read by xl from Xen ${info.since}: the xl of Xen ${target} ignores it silently`,
        });
      }
      // Keys xl itself warns about are the xl stage's to report (xl.ts).
      if (info.status === 'deprecated' && !info.xlWarns && !isOlder(info.deprecatedSince)) deprecatedKey(ctx, a, info);
      else if (info.status === 'ignored' && !info.xlWarns) ignoredKey(ctx, a, info);

      // Architecture first: an Arm-only key on x86 is explained by the arch, not the type.
      if (info.arch !== 'all' && info.arch !== view.arch) {
        const byDefault = domain.arch.source.kind === 'default';
        const archSrc = byDefault ? 'the default; `# xlcfg: arch=arm` for Arm' : domain.arch.source.detail;
        const [only, here] = [info.arch === 'arm' ? 'Arm' : 'x86', view.arch === 'arm' ? 'Arm' : 'x86'];
        ctx.report({
          id: 'key/not-for-arch',
          ...keySpan(a),
          message: `\`${a.key}\` is for ${only} guests; this config is ${here} (${archSrc})`,
        });
        continue;
      }
      // The xl stage knows which keys xl looked up. With a broken file xl reads nothing at all.
      if (ctx.file.ok && !ctx.xl.reads.has(a.key) && info.status !== 'ignored' && !isNewer(info.since))
        unreadKey(ctx, a, info, view);
    }
  },
};

// Unknown, suggested-name, removed and other tools' keys (xl_parse.c never looks them up).
function unknownKey(ctx: RuleContext, a: Assignment): void {
  const { file } = ctx;
  const other = otherName(a.key);
  if (other?.kind === 'suggested') {
    const suggested = other.key;
    ctx.report({
      id: 'key/suggested-name',
      ...keySpan(a),
      message: `\`${a.key}\` is a name suggested in review for \`${suggested}\`: xl reads neither, silently`,
      fixes: renameKeepsShape(file, a, suggested) ? [renameFix(a, suggested, true)] : [],
    });
    return;
  }
  if (other?.kind === 'removed') {
    removedKey(ctx, a, other);
    return;
  }
  if (other?.kind === 'foreign') {
    ctx.report({
      id: 'key/unknown',
      ...keySpan(a),
      message: `\`${a.key}\` belongs to ${other.belongsTo}: xl ignores it silently`,
      unnecessary: true,
      fixes: [{ title: `Remove \`${a.key}\``, edits: [statementDeletion(file, a.start, a.end)] }],
    });
    return;
  }
  // Any other name: the nearest known key is worked out once per name (suggestion); the rename to
  // it is offered when it keeps the file readable.
  if (ctx.keeps('key/unknown')) ctx.report(unknownKeyReport(file, a));
}

function unknownKeyReport(file: ConfigFile, a: Assignment): Report {
  const s = suggestion(a.key);
  const to = s.name;
  return {
    id: 'key/unknown',
    start: a.keyStart,
    end: a.keyEnd,
    message: s.message,
    fixes: to && renameKeepsShape(file, a, to) ? [renameFix(a, to, !!s.preferred, s.title)] : undefined,
    unnecessary: !to,
  };
}

function removedKey(ctx: RuleContext, a: Assignment, removed: Extract<OtherName, { kind: 'removed' }>): void {
  const { file } = ctx;
  const fixes: OffsetFix[] = [];
  const v = a.value && a.value.kind !== 'list' ? readBool(a.value.value, a.op === '+=') : undefined;
  // tools/xl/xl_parse.c (4.4..4.9) read `pvh` with xlu_cfg_get_long; 4.10 replaced it by type="pvh".
  if (v?.ok && v.value && !file.settings.has('type')) {
    fixes.push({
      title: `Replace with ${removed.replacement}`,
      edits: [{ start: a.start, end: a.end, newText: removed.replacement }],
      preferred: true,
    });
  } else fixes.push({ title: `Remove \`${a.key}\``, edits: [statementDeletion(file, a.start, a.end)] });
  ctx.report({
    id: 'key/deprecated',
    ...keySpan(a),
    message:
      `\`${a.key}\` was removed after Xen ${removed.until}: xl ignores it` +
      (v?.ok && v.value ? `, so the guest is not PVH; use ${removed.replacement}` : ' silently'),
    deprecated: true,
    fixes,
  });
}

// status 'deprecated' in the catalogue, where xl itself says nothing: builder, stdvga.
function deprecatedKey(ctx: RuleContext, a: Assignment, info: KeyInfo): void {
  const { file } = ctx;
  const fixes: OffsetFix[] = [];
  let message = `\`${a.key}\` is deprecated${info.replacedBy ? `; use \`${info.replacedBy}\`` : ''}.`;
  const str = a.value && a.value.kind !== 'list' ? a.value.value : undefined;
  const last = file.settings.get(a.key)?.all.at(-1) === a;
  let severity: 'information' | undefined;
  if (a.key === 'builder' && str !== undefined) {
    // xl_parse.c (4.10+): builder is read after `type`, silently: a prefix of "hvm" → HVM, of
    // "generic" → PV; anything else, or a type that disagrees, is fatal (values/relations say so).
    const t = matchBuilderPrefix(str);
    const typeS = file.settings.get('type');
    severity = 'information';
    message = `\`builder\` is deprecated since Xen ${info.deprecatedSince}: use \`type\` (xl still reads it, silently)`;
    if (t && last) {
      if (!typeS) {
        fixes.push({
          title: `Replace with type = "${t}"`,
          edits: [{ start: a.start, end: a.end, newText: `type = "${t}"` }],
          preferred: true,
        });
      } else if (typeof typeS.value === 'string' && matchTypePrefix(typeS.value) === t) {
        fixes.push({
          title: 'Remove `builder` (`type` already says the same)',
          edits: [statementDeletion(file, a.start, a.end)],
          preferred: true,
        });
      }
    }
  } else if (a.key === 'stdvga' && str !== undefined) {
    // xl_parse.c: `stdvga` is consulted only when `vga` is absent: non-zero → stdvga, 0 → cirrus.
    const v = readBool(str, a.op === '+=');
    severity = 'information';
    message = '`stdvga` is deprecated: use `vga` (xl still reads it, silently, when `vga` is absent)';
    if (v.ok && last && !file.settings.has('vga')) {
      const vga = v.value ? 'stdvga' : 'cirrus';
      fixes.push({
        title: `Replace with vga = "${vga}"`,
        edits: [{ start: a.start, end: a.end, newText: `vga = "${vga}"` }],
        preferred: true,
      });
    }
  }
  ctx.report({ id: 'key/deprecated', ...keySpan(a), message, severity, deprecated: true, fixes });
}

function ignoredKey(ctx: RuleContext, a: Assignment, info: KeyInfo): void {
  const { file } = ctx;
  ctx.report({
    id: 'key/ignored',
    ...keySpan(a),
    message: `\`${a.key}\` has no effect: ${info.ignoredWhy}.${info.replacedBy ? ` See \`${info.replacedBy}\`.` : ''}`,
    // Only keys xl stores without a word come here (no scheduler reads them any more): they
    // matter less than the ones xl warns about, which the xl stage reports.
    severity: 'information',
    unnecessary: true,
    fixes: [{ title: `Remove \`${a.key}\``, edits: [statementDeletion(file, a.start, a.end)] }],
  });
}

/**
 * A known key xl never looked up for this config: it has no effect. Deleting it leaves the domain
 * config xl builds unchanged (the differential tests check that against the real xl).
 */
function unreadKey(ctx: RuleContext, a: Assignment, info: KeyInfo, view: GuestView): void {
  // Only the last statement of a key matters; earlier ones are key/duplicate's.
  if (ctx.file.settings.get(a.key)?.all.at(-1) !== a) return;
  // When xl refused the type, it stopped there: which keys it would read is not known.
  if (ctx.xl.reports.some((r) => (r.key === 'type' || r.key === 'builder') && r.effect === 'refusal')) return;
  const forOthers = !info.guestTypes.includes(view.type);
  const t = TYPE_NAME[view.type];
  const origin = ctx.domain.type.source.kind === 'key' ? ctx.domain.type.source.detail : `${t} by default`;
  const article = /^[AEFHILMNORSX]/.test(t) ? 'an' : 'a';
  ctx.report({
    id: forOthers ? 'key/not-for-guest-type' : 'key/unread',
    ...keySpan(a),
    message: forOthers
      ? `xl never reads \`${a.key}\` for ${article} ${t} guest (${origin}): no effect`
      : `xl never reads \`${a.key}\` in this config: no effect`,
    claim: { by: 'xl', effect: 'silent' },
    unnecessary: true,
    fixes: [{ title: `Remove \`${a.key}\``, edits: [statementDeletion(ctx.file, a.start, a.end)] }],
  });
}

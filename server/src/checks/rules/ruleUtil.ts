// Small helpers shared by the schema-driven rule modules (keys, values, relations, specs).
import type { Domain } from '../../domain/domain';
import type { XlcfgOptions } from '../../options';
import { keyInfo } from '../../schema/catalogue';
import type { GuestType, KeyInfo } from '../../schema/types';
import { compareVersions, parseVersion } from '../../schema/versions';
import type { Assignment, ConfigFile, Setting, ValueNode } from '../../syntax/tree';
import type { RuleContext } from '../rule';
import type { Arch } from '../../guest';

export const TYPE_NAME: Record<GuestType, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

/** The statement whose value xl finally reads (last `=` or the last `+=` after it). */
export function lastSource(s: Setting): Assignment {
  return s.sources[s.sources.length - 1];
}

/** Where to underline a setting's value: the value node when one statement built it, else the key. */
export function valueSpan(s: Setting): { start: number; end: number } {
  const a = lastSource(s);
  if (s.sources.length === 1 && a.value) return { start: a.value.start, end: a.value.end };
  return { start: a.keyStart, end: a.keyEnd };
}

export function keySpan(a: Assignment): { start: number; end: number } {
  return { start: a.keyStart, end: a.keyEnd };
}

export interface GuestView {
  arch: Arch;
  /** The type libxl builds (Arm turns PV into PVH). */
  type: GuestType;
  /** Whether the guest type is trustworthy enough for "xl never reads this key here". */
  typeKnown: boolean;
  /** Where the type came from, in words. */
  typeOrigin: string;
}

const VIEWS = new WeakMap<ConfigFile, GuestView>();

/**
 * Architecture and guest type as the schema rules see them. xl.cfg cannot state the
 * architecture; without a directive a file that uses Arm-only keys (device_tree, dtdev, ...) and
 * no x86-only key is taken to be an Arm guest, so working Arm configs are not flagged key by key.
 */
export function guestView(file: ConfigFile, domain: Domain): GuestView {
  const hit = VIEWS.get(file);
  if (hit) return hit;
  // domain.arch is archOf's (domain.ts), which already takes a file of Arm-only keys for Arm: its
  // default means the file has none, and the keys need no second look (thousands in a large file).
  const arch = domain.arch.value;
  // libxl_arm.c: libxl__arch_domain_create_info_setdefault converts PV to PVH on Arm; with no
  // type at all xl itself picks PVH on Arm.
  const type: GuestType = arch === 'arm' && domain.type.value === 'pv' ? 'pvh' : domain.type.value;
  const typeKnown =
    domain.type.source.kind !== 'default' || (!file.settings.has('type') && !file.settings.has('builder'));
  let typeOrigin: string;
  const t = TYPE_NAME[type];
  if (domain.type.source.kind === 'default') {
    typeOrigin =
      arch === 'arm'
        ? `the type defaults to ${t} on Arm (no \`type\` key)`
        : `the type defaults to ${t} (no \`type\` or \`builder\` key)`;
  } else if (arch === 'arm' && domain.type.value === 'pv') typeOrigin = `libxl converts this PV guest to ${t} on Arm`;
  else typeOrigin = `the guest is ${t} (${domain.type.source.detail})`;
  const v: GuestView = { arch, type, typeKnown, typeOrigin };
  VIEWS.set(file, v);
  return v;
}

/** True when xl reads `info` for this guest (type-gated blocks of xl_parse.c). */
export function readForGuest(info: KeyInfo, view: GuestView): boolean {
  if (!view.typeKnown) return true;
  if (info.arch !== 'all' && info.arch !== view.arch) return true; // arch keys are not type-gated by xl
  return info.guestTypes.includes(view.type);
}

/** The target Xen release from the options, when it is a version that can be compared. */
export function targetVersion(options: XlcfgOptions): string | undefined {
  return parseVersion(options.xenVersion) ? options.xenVersion : undefined;
}

/**
 * Calls `each` for every setting whose value xl reads for this guest: a known key that is neither
 * proposed nor ignored, built only from statements that parsed, not newer than the target release
 * and not skipped by a type-gated block of xl_parse.c. A key this xl never reads cannot have a bad
 * value nor make xl fail (keys.ts says why it is unread).
 */
export function forEachReadSetting(ctx: RuleContext, each: (s: Setting, info: KeyInfo, view: GuestView) => void): void {
  const view = guestView(ctx.file, ctx.domain);
  const target = targetVersion(ctx.options);
  // forEach rather than for-of: a large file has thousands of settings, and the iterator's result
  // objects were a measurable share of an edit's garbage.
  ctx.file.settings.forEach((s) => {
    const info = keyInfo(s.key);
    if (!info || info.status === 'ignored' || info.status === 'proposed') return;
    if (!s.sources.length || s.sources.some((a) => a.broken)) return;
    if (target && compareVersions(info.since, target) > 0) return;
    if (!readForGuest(info, view)) return;
    each(s, info, view);
  });
}

/**
 * The value nodes behind each item of a list setting, aligned with `setting.value`: `+=` joins
 * the items of every source list in order (libxlu_cfg.c: xlu__cfg_set_store).
 */
export function listItemNodes(s: Setting): Array<ValueNode | undefined> {
  const out: Array<ValueNode | undefined> = [];
  for (const a of s.sources) {
    if (a.value?.kind === 'list') out.push(...a.value.items);
  }
  if (!Array.isArray(s.value) || out.length !== s.value.length)
    return Array.isArray(s.value) ? s.value.map(() => undefined) : [];
  return out;
}

/** An xl string literal for `s`: double quotes unless that needs escapes. */
export function quoteValue(s: string): string {
  if (!/["\\\n]/.test(s)) return `"${s}"`;
  if (!/['\\\n]/.test(s)) return `'${s}'`;
  return `"${s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n')}"`;
}

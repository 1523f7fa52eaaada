// Value checks: every known key's final value read the way xl's getter reads it
// (tools/libs/util/libxlu_cfg.c: xlu_cfg_get_long / get_bounded_long / get_defbool / get_string /
// get_list; then the matching rules of tools/xl/xl_parse.c: parse_config_data). A getter failure
// normally means "xl warns and keeps the default"; only a few keys make xl exit.
import { own } from '../../own';
import { asciiCaseEqual, firmwareMeaning, matchEnum, readLong } from '../../schema/getters';
import { didYouMean } from '../../schema/suggest';
import type { GuestType, KeyInfo } from '../../schema/types';
import { compareVersions } from '../../schema/versions';
import type { Severity } from '../../diagnostic';
import type { Setting, ValueNode } from '../../syntax/tree';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';
import { TYPE_NAME, forEachReadSetting, lastSource, listItemNodes, quoteValue, targetVersion, valueSpan } from './ruleUtil';

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n', 'disable', 'disabled', 'none']);
const UNIT_RE = /^\s*(\d+)\s*([kKmMgGtT])(?:i?[bB])?\s*$/;
const LEADING_ZERO_DECIMAL_RE = /^\s*[+-]?0\d+\s*$/;

// xlu_cfg_get_bounded_long with warnings suppressed: any failure makes xl exit silently
// (xl_parse.c: max_grant_frames / max_maptrack_frames / max_grant_version).
function boundedGetter(info: KeyInfo): boolean {
  return info.xlRead.includes('xlu_cfg_get_bounded_long');
}

/** Keys whose list-instead-of-string problem stops xl (everything else: key ignored). */
const FATAL_ON_LIST = new Set(['name']);
/** List keys where a single string makes xl exit rather than ignore the key. */
const FATAL_ON_STRING = new Set(['smbios', 'mca_caps', 'device_model_args', 'device_model_args_pv', 'device_model_args_hvm']);
/** List keys where a nested (non-string) item is fatal instead of silently ending the list. */
const FATAL_ON_NESTED = new Set(['xenstore_quota', 'llc_colors']);
/** Device lists: a single string means no devices at all. */
const DEVICE_LISTS = new Set(['disk', 'vif', 'vtpm', 'p9', 'pvcalls', 'vfb', 'channel', 'usbctrl', 'usbdev', 'pci', 'vdispl', 'vkb', 'virtio', 'vsnd', 'dtdev', 'vif2']);

/** First release whose xl refuses device_model_version = "qemu-xen-traditional". */
const QEMU_TRAD_REMOVED = '4.21';

/** xm builder names and the guest type they meant. */
const XM_BUILDERS: Record<string, GuestType> = { linux: 'pv', vmx: 'hvm' };

/** Integer index → word of the enum-or-integer keys (libxl_types.idl enum order). */
const ENUM_BY_INDEX: Record<string, readonly string[]> = {
  tsc_mode: ['default', 'always_emulate', 'native', 'native_paravirt'],
  timer_mode: ['delay_for_missed_ticks', 'no_delay_for_missed_ticks', 'no_missed_ticks_pending', 'one_missed_tick_pending'],
  altp2m: ['disabled', 'mixed', 'external', 'limited'],
};

export const valueRules: RuleModule = {
  name: 'values',
  rules: [
    { id: 'value/boolean', severity: 'warning', summary: 'A boolean written as a word (`"true"`); xl only reads integers, warns and keeps the default.' },
    { id: 'value/integer', severity: 'warning', summary: 'Not a number to strtol (base 0): xl warns and keeps the default; leading zeros mean octal.' },
    { id: 'value/unit', severity: 'warning', summary: 'A number with a unit (`"512M"`); xl has no units, warns and keeps the default.' },
    { id: 'value/range', severity: 'warning', summary: 'A number outside the bounds xl enforces (error when fatal) or the manual documents.' },
    { id: 'value/append-numeric', severity: 'warning', summary: '`+=` on a numeric key: xl refuses it and ignores the key.' },
    { id: 'value/list-expected', severity: 'warning', summary: 'A single string where xl wants a list: a device list then creates no devices.' },
    { id: 'value/string-expected', severity: 'warning', summary: 'A list where xl wants a single value: xl warns and ignores the key.' },
    { id: 'value/enum', severity: 'warning', summary: 'A word xl does not accept for this key (error when xl exits), or one it reads as another word.' },
    { id: 'value/nested-list', severity: 'warning', summary: 'A nested list inside a list of strings: xl silently stops reading at it.' },
  ],
  check(ctx) {
    forEachReadSetting(ctx, (s, info, view) => checkValue(ctx, s, info, view.type));
  },
};

function checkValue(ctx: RuleContext, s: Setting, info: KeyInfo, type: GuestType): void {
  switch (info.kind) {
    case 'integer':
    case 'memory-mb':
    case 'memory-kb':
      numeric(ctx, s, info, false);
      return;
    case 'boolean':
      numeric(ctx, s, info, true);
      return;
    case 'enum':
    case 'enum-or-string':
      if (!single(ctx, s, info)) return;
      enumWord(ctx, s, info, s.value as string, type);
      return;
    case 'enum-or-integer':
      enumOrInteger(ctx, s, info);
      return;
    case 'boolean-or-enum': {
      if (!single(ctx, s, info)) return;
      const r = readLong(s.value, false);
      if (!r.ok) enumWord(ctx, s, info, s.value as string, type);
      return;
    }
    case 'boolean-or-list':
      viridian(ctx, s, info);
      return;
    case 'string':
      single(ctx, s, info);
      return;
    case 'list':
      list(ctx, s, info);
      return;
    case 'list-of-lists':
      listOfLists(ctx, s, info);
      return;
    case 'string-or-list':
    case 'cpulist':
      if (Array.isArray(s.value)) nested(ctx, s, info);
      else if (s.key === 'bootloader_args') bootloaderArgsString(ctx, s);
      return;
  }
}

/** A single atom is wanted: report a list (value/string-expected). */
function single(ctx: RuleContext, s: Setting, info: KeyInfo): boolean {
  if (!Array.isArray(s.value)) return true;
  const fatal = FATAL_ON_LIST.has(info.name) || boundedGetter(info);
  // libxlu_cfg.c: find_atom — "parameter `K' is a list but should be a single value".
  const fixes: OffsetFix[] = [];
  const node = s.sources.length === 1 ? lastSource(s).value : undefined;
  if (node?.kind === 'list' && node.items.length === 1 && node.items[0].kind !== 'list') {
    const it = node.items[0];
    fixes.push({ title: 'Use the single item without brackets', edits: [{ start: node.start, end: node.end, newText: ctx.file.text.slice(it.start, it.end) }], preferred: true });
  }
  ctx.report({
    id: 'value/string-expected',
    ...valueSpan(s),
    severity: fatal ? 'error' : undefined,
    message: fatal
      ? info.name === 'name'
        ? 'xl refuses to create the domain: `name` must be a single string ("Domain name must be specified").'
        : `xl refuses to create the domain: \`${info.name}\` must be a single number (it exits with status 1 and no message).`
      : `\`${info.name}\` takes a single value, not a list: xl warns ("is a list but should be a single value") and ignores the key, so the default applies.`,
    fixes,
  });
  return false;
}

function replaceValueFix(s: Setting, title: string, newText: string, preferred = true): OffsetFix[] {
  if (s.sources.length !== 1) return [];
  const v = lastSource(s).value;
  if (!v) return [];
  return [{ title, edits: [{ start: v.start, end: v.end, newText }], preferred }];
}

function appendFix(s: Setting): OffsetFix {
  return {
    title: 'Use `=` instead of `+=`',
    edits: s.sources.filter((a) => a.op === '+=').map((a) => ({ start: a.opStart, end: a.opStart + 2, newText: '=' })),
    preferred: s.sources.length === 1,
  };
}

/** MiB (or KiB) for a number with a unit suffix, when it is a whole number. */
function unitValue(n: number, unit: string, kind: 'memory-mb' | 'memory-kb'): number | undefined {
  const pow = { k: 0, m: 1, g: 2, t: 3 }[unit.toLowerCase() as 'k' | 'm' | 'g' | 't'];
  const exp = pow - (kind === 'memory-mb' ? 1 : 0);
  const v = exp >= 0 ? n * 1024 ** exp : n / 1024;
  return Number.isSafeInteger(v) ? v : undefined;
}

// xlu_cfg_get_long / get_defbool (and get_bounded_long for the grant keys).
function numeric(ctx: RuleContext, s: Setting, info: KeyInfo, bool: boolean): void {
  if (!single(ctx, s, info)) return;
  const fatalGetter = boundedGetter(info);
  const failSev: Severity | undefined = fatalGetter ? 'error' : undefined;
  const outcome = fatalGetter ? 'xl refuses to create the domain (it exits with status 1 and no message)' : 'xl warns and ignores the key, so the default applies';
  if (s.appended) {
    ctx.report({
      id: 'value/append-numeric',
      start: lastSource(s).opStart,
      end: lastSource(s).opStart + 2,
      severity: failSev,
      message: `\`+=\` on the numeric key \`${info.name}\`: libxlu refuses it ("can't use += with numbers"), even with nothing to add to; ${outcome}.`,
      fixes: [appendFix(s)],
    });
    return;
  }
  const text = s.value as string;
  const r = readLong(text, false);
  if (!r.ok) {
    if (r.reason === 'range') {
      ctx.report({ id: 'value/range', ...valueSpan(s), severity: failSev, message: `\`${text}\` does not fit in a 64-bit long ("Numerical result out of range"); ${outcome}.` });
      return;
    }
    const word = text.trim().toLowerCase();
    if (bool && (TRUE_WORDS.has(word) || FALSE_WORDS.has(word))) {
      const n = TRUE_WORDS.has(word) ? '1' : '0';
      ctx.report({
        id: 'value/boolean',
        ...valueSpan(s),
        severity: failSev,
        message: `xl reads booleans only as integers (0 or 1): \`${text}\` is "not a valid number": ${outcome}.`,
        fixes: replaceValueFix(s, `Write ${n}`, n),
      });
      return;
    }
    const unit = UNIT_RE.exec(text);
    if (unit) {
      const kind = info.kind === 'memory-mb' || info.kind === 'memory-kb' ? info.kind : undefined;
      const v = kind ? unitValue(Number(unit[1]), unit[2], kind) : undefined;
      const unitName = info.kind === 'memory-mb' ? 'MiB' : info.kind === 'memory-kb' ? 'KiB' : undefined;
      ctx.report({
        id: 'value/unit',
        ...valueSpan(s),
        severity: failSev,
        message: `xl.cfg numbers have no units${unitName ? ` (\`${info.name}\` is in ${unitName})` : ''}: \`${text}\` is "not a valid number": ${outcome}${info.name === 'memory' ? ' (32 MiB unless maxmem is set)' : ''}.`,
        fixes: v !== undefined ? replaceValueFix(s, `Write ${v}${unitName ? ` (${unitName})` : ''}`, String(v)) : [],
      });
      return;
    }
    if (LEADING_ZERO_DECIMAL_RE.test(text)) {
      const dec = String(Number(text.trim()));
      ctx.report({
        id: 'value/integer',
        ...valueSpan(s),
        severity: failSev,
        message: `strtol (base 0) reads a leading 0 as octal, and \`${text.trim()}\` has digits 8 or 9: "not a valid number": ${outcome}.`,
        fixes: replaceValueFix(s, `Write ${dec} (decimal)`, dec),
      });
      return;
    }
    ctx.report({
      id: bool ? 'value/boolean' : 'value/integer',
      ...valueSpan(s),
      severity: failSev,
      message: `\`${text}\` is not ${bool ? 'an integer (xl booleans are 0 or non-zero)' : 'a number to xl (strtol base 0, nothing may follow the digits)'}: ${outcome}.`,
    });
    return;
  }
  // Valid, but a leading-zero decimal is read as octal: `010` is 8.
  if (LEADING_ZERO_DECIMAL_RE.test(text) && String(r.big) !== String(Number(text.trim()))) {
    const dec = String(Number(text.trim()));
    ctx.report({
      id: 'value/integer',
      ...valueSpan(s),
      severity: 'hint',
      message: `xl reads \`${text.trim()}\` as ${r.big} (a leading 0 means octal), not ${dec}.`,
      fixes: [...replaceValueFix(s, `Write ${dec} (decimal)`, dec, false), ...replaceValueFix(s, `Write ${r.big} (what xl reads now)`, String(r.big), false)],
    });
  }
  range(ctx, s, info, r.big);
}

function range(ctx: RuleContext, s: Setting, info: KeyInfo, n: bigint): void {
  if (info.name === 'vcpus' && n < 1n) {
    // xl_parse.c: a vcpus value below 1 is turned into 1 without a word.
    ctx.report({ id: 'value/range', ...valueSpan(s), message: `xl turns a \`vcpus\` below 1 into 1 silently.` });
    return;
  }
  if (info.min === undefined && info.max === undefined) return;
  const lo = info.min !== undefined ? BigInt(info.min) : undefined;
  const hi = info.max !== undefined ? BigInt(info.max) : undefined;
  if ((lo === undefined || n >= lo) && (hi === undefined || n <= hi)) return;
  const bounds = `${info.min ?? '…'}..${info.max ?? '…'}`;
  if (info.name === 'xenstore_feature_mask') {
    ctx.report({ id: 'value/range', ...valueSpan(s), message: `\`xenstore_feature_mask\` is 32 bits wide: xl keeps only the low 32 bits of ${n} silently.` });
  } else if (info.fatalOnBadValue) {
    // Enforced: get_bounded_long (grant keys), mmio_hole and altp2m_count checks in xl_parse.c.
    ctx.report({ id: 'value/range', ...valueSpan(s), severity: 'error', message: `\`${info.name}\` must be within ${bounds}${info.kind === 'memory-mb' ? ' MiB' : ''}: xl refuses to create the domain with ${n}.` });
  } else {
    ctx.report({ id: 'value/range', ...valueSpan(s), message: `The manual gives ${bounds} for \`${info.name}\`; ${n} is outside it. The range is documented, not enforced by xl, so the value is passed on as is.` });
  }
}

// Enum matching (exact, prefix or case-insensitive per key; see schema/getters.ts matchEnum).
function enumWord(ctx: RuleContext, s: Setting, info: KeyInfo, text: string, type: GuestType): void {
  if (info.name === 'firmware' && type !== 'hvm') {
    const m = firmwareMeaning(text, type);
    if (m.kind === 'error') {
      ctx.report({
        id: 'value/enum',
        ...valueSpan(s),
        severity: 'error',
        message: `For a ${TYPE_NAME[type]} guest \`firmware\` must name pvgrub32 or pvgrub64: xl refuses to create the domain ("only pvgrub{32|64} supported").`,
        fixes: replaceValueFix(s, 'Use "pvgrub64"', '"pvgrub64"', false),
      });
      return;
    }
  }
  const got = matchEnum(info, text, type);
  if (got === undefined) {
    if (info.kind === 'enum-or-string') return; // any other string is a path/name xl passes on.
    // Before 4.10 xl read builder as "hvm prefix or else PV", so xm's words worked there.
    const target = targetVersion(ctx.options);
    const oldXl = !!target && compareVersions(target, '4.10') < 0;
    if (info.name === 'builder' && oldXl) return;
    const xm = info.name === 'builder' ? own(XM_BUILDERS, text) : undefined;
    if (xm) {
      // xm accepted builder "linux" (PV) and "vmx" (early HVM); xl knows only prefixes of hvm/generic.
      const a = lastSource(s);
      ctx.report({
        id: 'value/enum',
        ...valueSpan(s),
        severity: 'error',
        message: `builder "${text}" is xm's spelling of a ${TYPE_NAME[xm]} guest; xl only knows "hvm" and "generic", so it refuses to create the domain ("Invalid domain type"). Write type = "${xm}".`,
        fixes: s.sources.length === 1 && !ctx.file.settings.has('type') ? [{ title: `Replace with type = "${xm}"`, edits: [{ start: a.start, end: a.end, newText: `type = "${xm}"` }], preferred: true }] : [],
      });
      return;
    }
    // xl_parse.c lost its qemu-xen-traditional branch when qemu-trad support was removed
    // (taken as 4.21 here; older targets still accept the word).
    if (info.name === 'device_model_version' && text === 'qemu-xen-traditional' && compareVersions(ctx.options.xenVersion, QEMU_TRAD_REMOVED) < 0) return;
    if (info.name === 'device_model_version' && text === 'qemu-xen-traditional') {
      ctx.report({ id: 'value/enum', ...valueSpan(s), severity: 'error', message: 'qemu-xen-traditional is no longer supported: xl refuses to create the domain ("Unknown device_model_version"). Use "qemu-xen" (or remove the key).', fixes: replaceValueFix(s, 'Use "qemu-xen"', '"qemu-xen"', false) });
      return;
    }
    const values = info.enumValues ?? [];
    const ci = values.find((v) => asciiCaseEqual(v, text));
    const near = ci ?? didYouMean(text, values);
    const fatal = !!info.fatalOnBadValue;
    ctx.report({
      id: 'value/enum',
      ...valueSpan(s),
      severity: fatal ? 'error' : undefined,
      message:
        `\`${text}\` is not a value xl knows for \`${info.name}\` (${values.join(', ')}${info.enumMatch === 'exact' ? '; the match is case-sensitive' : ''})` +
        (fatal ? ': xl refuses to create the domain.' : ': xl passes it on unchecked and the device model may refuse it.') +
        (near ? ` Did you mean "${near}"?` : ''),
      fixes: near ? replaceValueFix(s, `Use "${near}"`, quoteValue(near), !!ci) : [],
    });
    return;
  }
  if (got === text || info.name === 'firmware' && type === 'hvm' && firmwareMeaning(text, 'hvm').kind === 'path') return;
  const prefix = info.enumMatch === 'prefix' || info.name === 'firmware';
  if (prefix && !asciiCaseEqual(got, text)) {
    const what = got === 'uefi' ? 'uefi (OVMF)' : got;
    ctx.report({
      id: 'value/enum',
      ...valueSpan(s),
      severity: 'information',
      message:
        text === ''
          ? `An empty \`${info.name}\` is read as ${what}: xl matches the value as a prefix of the words it knows.`
          : `xl reads \`${text}\` as ${what}: it matches the value as a prefix of the words it knows.`,
      fixes: replaceValueFix(s, `Write "${got}"`, quoteValue(got)),
    });
    return;
  }
  ctx.report({
    id: 'value/enum',
    ...valueSpan(s),
    severity: 'hint',
    message: `xl matches \`${info.name}\` ignoring case and reads \`${text}\` as "${got}".`,
    fixes: replaceValueFix(s, `Write "${got}"`, quoteValue(got)),
  });
}

// tsc_mode / timer_mode / altp2m: xl_parse.c tries xlu_cfg_get_long silently, then the libxl enum.
function enumOrInteger(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  if (!single(ctx, s, info)) return;
  const text = s.value as string;
  const r = s.appended ? undefined : readLong(text, false);
  const names = ENUM_BY_INDEX[info.name] ?? [];
  if (r?.ok) {
    if (r.big < 0n || r.big > 3n) {
      ctx.report({ id: 'value/range', ...valueSpan(s), severity: 'error', message: `As an integer \`${info.name}\` must be 0..3: xl refuses to create the domain ("invalid value ${r.big}").` });
      return;
    }
    const word = names[Number(r.big)];
    if (info.name !== 'altp2m' && word) {
      ctx.report({
        id: 'value/enum',
        ...valueSpan(s),
        message: `Specifying \`${info.name}\` as an integer is deprecated: xl warns and reads ${r.big} as "${word}".`,
        deprecated: true,
        fixes: replaceValueFix(s, `Write "${word}"`, quoteValue(word)),
      });
    }
    if (info.name === 'tsc_mode' && word === 'native_paravirt') nativeParavirt(ctx, s);
    return;
  }
  const hit = matchEnum(info, text);
  if (hit === undefined) {
    // Never suggest native_paravirt: libxl refuses it (nativeParavirt below), so the fix would not be one.
    const usable = names.filter((v) => !(info.name === 'tsc_mode' && v === 'native_paravirt'));
    const near = usable.find((v) => asciiCaseEqual(v, text)) ?? didYouMean(text, usable);
    ctx.report({
      id: 'value/enum',
      ...valueSpan(s),
      severity: 'error',
      message: `\`${text}\` is not a \`${info.name}\` xl knows (${names.join(', ')}, or 0..3): xl refuses to create the domain.${near ? ` Did you mean "${near}"?` : ''}`,
      fixes: near ? replaceValueFix(s, `Use "${near}"`, quoteValue(near), false) : [],
    });
    return;
  }
  if (info.name === 'tsc_mode' && hit === 'native_paravirt') nativeParavirt(ctx, s);
  else if (hit !== text) {
    ctx.report({ id: 'value/enum', ...valueSpan(s), severity: 'hint', message: `xl matches \`${info.name}\` ignoring case and reads \`${text}\` as "${hit}".`, fixes: replaceValueFix(s, `Write "${hit}"`, quoteValue(hit)) });
  }
}

// libxl_x86.c: libxl__arch_domain_build_info_setdefault refuses native_paravirt ("has been removed").
function nativeParavirt(ctx: RuleContext, s: Setting): void {
  ctx.report({ id: 'value/enum', ...valueSpan(s), severity: 'error', message: 'tsc_mode native_paravirt has been removed: libxl refuses to create the domain. Use "default" or "native".', fixes: replaceValueFix(s, 'Use "default"', '"default"', false) });
}

// xl_parse.c: viridian — a list of group names, else a boolean read with warnings suppressed.
function viridian(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  if (!Array.isArray(s.value)) {
    const r = readLong(s.value, s.appended);
    if (r.ok) return;
    const word = s.value.trim().toLowerCase();
    const n = TRUE_WORDS.has(word) ? '1' : FALSE_WORDS.has(word) ? '0' : undefined;
    ctx.report({
      id: 'value/boolean',
      ...valueSpan(s),
      message: `\`viridian\` is a list of groups or an integer (1 = defaults, 0 = off); \`${s.value}\` is neither, and xl ignores it without a word (Viridian stays off).`,
      fixes: n ? replaceValueFix(s, `Write ${n}`, n) : [],
    });
    return;
  }
  const nodes = listItemNodes(s);
  s.value.forEach((item, i) => {
    if (typeof item !== 'string') return;
    if (matchEnum(info, item) !== undefined) return;
    const node = nodes[i];
    const near = didYouMean(item.replace(/^!/, ''), info.enumValues ?? []);
    ctx.report({
      id: 'value/enum',
      ...(node ? { start: node.start, end: node.end } : valueSpan(s)),
      severity: 'error',
      message: `\`${item}\` is not a Viridian enlightenment group: xl refuses to create the domain ("unknown viridian enlightenment").${near ? ` Did you mean "${near}"?` : ''}`,
      fixes: near && node && s.sources.length === 1 ? [{ title: `Use "${item.startsWith('!') ? '!' : ''}${near}"`, edits: [{ start: node.start, end: node.end, newText: quoteValue(`${item.startsWith('!') ? '!' : ''}${near}`) }] }] : [],
    });
  });
  nested(ctx, s, info);
}

// xlu_cfg_get_list: a single string is refused, never wrapped.
function list(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  if (!Array.isArray(s.value)) {
    const fatal = FATAL_ON_STRING.has(info.name);
    const outcome = fatal
      ? 'xl refuses to create the domain'
      : DEVICE_LISTS.has(info.name)
        ? 'xl warns ("is a single value but should be a list") and creates no devices from it at all'
        : 'xl warns ("is a single value but should be a list") and ignores the key';
    const fixes: OffsetFix[] = [];
    const v = s.sources.length === 1 ? lastSource(s).value : undefined;
    if (v) fixes.push({ title: 'Wrap the value in [ ... ]', edits: [{ start: v.start, end: v.start, newText: '[ ' }, { start: v.end, end: v.end, newText: ' ]' }], preferred: true });
    ctx.report({ id: 'value/list-expected', ...valueSpan(s), severity: fatal ? 'error' : undefined, message: `\`${info.name}\` must be a list, even for one item: ${outcome}.`, fixes });
    return;
  }
  if (info.enumValues && info.name !== 'viridian') {
    // mca_caps: exact words (xl_parse.c: "unrecognized MCA capability").
    const nodes = listItemNodes(s);
    s.value.forEach((item, i) => {
      if (typeof item !== 'string' || info.enumValues!.includes(item)) return;
      const node = nodes[i];
      ctx.report({
        id: 'value/enum',
        ...(node ? { start: node.start, end: node.end } : valueSpan(s)),
        severity: info.fatalOnBadValue ? 'error' : undefined,
        message: `\`${item}\` is not accepted in \`${info.name}\` (${info.enumValues!.join(', ')}, exact)${info.fatalOnBadValue ? ': xl refuses to create the domain' : ''}.`,
      });
    });
  }
  nested(ctx, s, info);
}

// xlu_cfg_get_listitem returns NULL for a nested list and xl's loops stop there.
function nested(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  const items = s.value as ValueNode[] | unknown[];
  const idx = (s.value as unknown[]).findIndex((v) => typeof v !== 'string');
  if (idx < 0) return;
  const nodes = listItemNodes(s);
  const first = nodes[idx];
  const lastNode = nodes[nodes.length - 1];
  const fatal = FATAL_ON_NESTED.has(info.name);
  const dropped = items.length - idx;
  ctx.report({
    id: 'value/nested-list',
    ...(first && lastNode ? { start: first.start, end: lastNode.end } : valueSpan(s)),
    severity: fatal ? 'error' : undefined,
    message: fatal
      ? `Every item of \`${info.name}\` must be a string: xl refuses to create the domain at item ${idx} ("Can't get element").`
      : `xl stops reading \`${info.name}\` at item ${idx}, a nested list: it and the ${dropped - 1} item(s) after it are ignored silently.`,
  });
}

// vnuma / vsnd: a list whose items are lists of strings.
function listOfLists(ctx: RuleContext, s: Setting, info: KeyInfo): void {
  if (!Array.isArray(s.value)) {
    ctx.report({ id: 'value/list-expected', ...valueSpan(s), message: `\`${info.name}\` must be a list of lists: xl warns ("is a single value but should be a list") and ignores it.` });
    return;
  }
  const nodes = listItemNodes(s);
  s.value.forEach((item, i) => {
    if (Array.isArray(item)) return;
    const node = nodes[i];
    const fixes: OffsetFix[] = node && s.sources.length === 1 ? [{ title: 'Wrap the item in [ ... ]', edits: [{ start: node.start, end: node.start, newText: '[ ' }, { start: node.end, end: node.end, newText: ' ]' }], preferred: true }] : [];
    ctx.report({
      id: 'value/list-expected',
      ...(node ? { start: node.start, end: node.end } : valueSpan(s)),
      severity: 'error',
      message: `Each item of \`${info.name}\` must itself be a list of strings: xl refuses to create the domain (${info.name === 'vnuma' ? '"cannot get vnode config option list"' : '"value is not a list"'}).`,
      fixes,
    });
  });
}

// xl_parse.c: bootloader_args as a string — warns "deprecated" and splits it at blanks.
function bootloaderArgsString(ctx: RuleContext, s: Setting): void {
  const words = (s.value as string).split(/[ \t\n]+/).filter((w) => w !== '');
  const v = s.sources.length === 1 ? lastSource(s).value : undefined;
  ctx.report({
    id: 'value/list-expected',
    ...valueSpan(s),
    deprecated: true,
    message: 'Specifying `bootloader_args` as a string is deprecated: xl warns and splits it at blanks, tabs and newlines. Write a list.',
    fixes: v ? [{ title: 'Write it as a list', edits: [{ start: v.start, end: v.end, newText: `[ ${words.map(quoteValue).join(', ')} ]` }], preferred: true }] : [],
  });
}

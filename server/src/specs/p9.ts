// P9_SPEC: the items of `p9 = [ ... ]` (9pfs shares), read by tools/xl/xl_parse.c.
// 4.17: strtok(",") items `key=value` (no trimming; reading stops at an item without `=`), keys
//   tag, security_model, path, backend; tag, security_model and path are required.
// 4.18 (commit 95b757598f): split_string_into_string_list + split_string_into_pair with isspace
//   trimming; the same keys, still required.
// 4.19 (commit 4287a71f9b): also type, max-files, max-open-files, max-space, auto-delete; nothing
//   required; a xen_9pfsd share without path gets XEN_LOG_DIR/guests/<domain name>.
// `device` is the libxl_device_p9. xl re-initialises it after giving it its devid, which therefore
// stays -1: the xl model must not set it. The domain name comes from context.domainName.
import { toInt32 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import { Unknown, type LibxlStruct } from '../libxl/value';
import { strtoul, strtoulValue, toBool } from './clib';
import { atLeast, fieldInRelease, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { XL_SILENT, xlCrashes, xlRefuses } from './xlOutput';
import { splitPair, splitStringList, xlParseUlong, xlTokens } from './xlStrings';

/** XEN_LOG_DIR of the builds modelled (the configure default, as the oracle's xl shows). */
const XEN_LOG_DIR = '/var/log/xen';

export const p9Fields: SpecFieldDoc[] = [
  { name: 'tag', doc: 'Mount tag the guest uses to find the share.' },
  {
    name: 'security_model',
    doc: "Only `none` is supported: files are accessed with the backend's credentials.",
    values: ['none'],
  },
  {
    name: 'path',
    doc: 'Directory on the backend to share.',
    default: 'required up to 4.18; XEN_LOG_DIR/guests/<name> for xen_9pfsd',
  },
  { name: 'backend', doc: 'Domain serving the share.', default: '0' },
  {
    name: 'type',
    doc: 'Backend implementation (case-insensitive).',
    values: ['qemu', 'xen_9pfsd'],
    default: 'qemu',
    since: '4.19',
  },
  { name: 'max-files', doc: 'xen_9pfsd: maximum number of files (decimal).', since: '4.19' },
  { name: 'max-open-files', doc: 'xen_9pfsd: maximum number of open files (decimal).', since: '4.19' },
  { name: 'max-space', doc: 'xen_9pfsd: maximum space in MiB (decimal).', since: '4.19' },
  { name: 'auto-delete', doc: 'xen_9pfsd: delete old files when limits are hit.', values: ['0', '1'], since: '4.19' },
];

const STRING_KEYS: Record<string, string> = {
  tag: 'tag',
  security_model: 'security_model',
  path: 'path',
  backend: 'backend_domname',
};
const R = 'xl refuses this 9pfs share: ';

export function parseP9(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('p9-spec', text);
  b.exitOnRefusal = true;
  const keys = p9Fields.filter((f) => fieldInRelease(f, release)).map((f) => f.name);
  const p9: LibxlStruct = {};
  if (!atLeast(release, '4.18')) {
    if (read417(b, text, p9, keys)) inherit417(b, text, p9, context?.p9Earlier);
  } else if (!readPairs(b, text, p9, keys, release)) return b.done(p9);
  const missing = ['tag', 'security_model', 'path'].filter((k) => p9[k] === undefined);
  if (!atLeast(release, '4.19')) {
    if (missing.length) {
      b.fatal(
        0,
        text.length,
        `${R}missing required field (${missing.map((k) => `\`${k}=\``).join(', ')})`,
        xlRefuses('9pfs spec missing required field!'),
      );
    }
  } else {
    if (p9.type === 'xen_9pfsd' && p9.path === undefined) {
      p9.path =
        context?.domainName !== undefined
          ? `${XEN_LOG_DIR}/guests/${context.domainName}`
          : new Unknown('the domain name (c_info->name)');
    }
    for (const k of missing) {
      if (k === 'path' && p9.type === 'xen_9pfsd') continue;
      b.warn(0, text.length, `no \`${k}=\`: a 9pfs share needs it and libxl will fail to set it up`);
    }
  }
  const str = (k: string): string | undefined => (typeof p9[k] === 'string' ? (p9[k] as string) : undefined);
  b.sum('tag', str('tag') ?? '(missing)');
  b.sum('security_model', str('security_model') ?? '(missing)');
  b.sum('path', str('path') ?? (p9.type === 'xen_9pfsd' ? `${XEN_LOG_DIR}/guests/<name> (default)` : '(missing)'));
  b.sum('backend', str('backend_domname') ?? '0 (default)');
  if (atLeast(release, '4.19')) b.sum('type', str('type') ?? 'qemu (default)');
  for (const [label, k] of [
    ['max-files', 'max_files'],
    ['max-open-files', 'max_open_files'],
    ['max-space', 'max_space'],
    ['auto-delete', 'auto_delete'],
  ]) {
    if (p9[k] !== undefined) b.sum(label, String(p9[k] === true ? 1 : p9[k] === false ? 0 : p9[k]));
  }
  return b.done(p9);
}

/**
 * 4.17 (xl_parse.c, parse_config_data): the loop's variables keep what the shares before this one
 * set, and `backend` goes into the device only when some share set it.
 */
function inherit417(b: Builder, text: string, p9: LibxlStruct, earlier: LibxlStruct | undefined): void {
  if (!earlier) return;
  const inherited: string[] = [];
  for (const [key, member] of Object.entries(STRING_KEYS)) {
    if (p9[member] !== undefined || typeof earlier[member] !== 'string') continue;
    p9[member] = earlier[member];
    inherited.push(`${key}=${earlier[member] as string}`);
  }
  if (inherited.length) {
    const fields = inherited.map((f) => `\`${f}\``).join(', ');
    b.info(0, text.length, `xl reuses ${fields} from an earlier share (xl before 4.18 never resets them)`, XL_SILENT);
  }
}

/** 4.17: strtok(","), skip spaces, stop at an item without `=`, exact keys. False when xl exits. */
function read417(b: Builder, text: string, p9: LibxlStruct, keys: readonly string[]): boolean {
  for (const t of xlTokens(text)) {
    const eq = t.text.indexOf('=');
    if (eq < 0) {
      b.info(t.start, text.length, `xl silently ignores this 9pfs share from ${q(t.text, 30)} on (no \`=\`)`);
      return true;
    }
    const key = t.text.slice(0, eq);
    const value = t.text.slice(eq + 1);
    b.field(key, value, t.start, t.end, t.start + eq + 1);
    if (key in STRING_KEYS) p9[STRING_KEYS[key]] = value;
    else {
      b.fatal(
        t.start,
        t.start + eq,
        `${R}unknown string ${q(key)} in 9pfs spec` + unknownNote(key, keys),
        xlRefuses(`Unknown string \`${key}' in 9pfs spec`),
      );
      return false;
    }
  }
  return true;
}

/** 4.18+: split into `,` items, each split at its first `=`, trimmed. False when xl crashes. */
function readPairs(b: Builder, text: string, p9: LibxlStruct, keys: readonly string[], release: string): boolean {
  const list = splitStringList(text, ',');
  if (list.crash) {
    b.fatal(0, text.length, 'xl crashes on an empty 9pfs spec (it reads the first of no items)', xlCrashes());
    return false;
  }
  for (const t of list.items) {
    const pair = splitPair(release, t, '=', true);
    if (!pair) {
      b.fatal(
        t.start,
        t.end,
        `${R}failed to parse ${q(t.text, 30)} (want \`key=value\`, the value not empty)`,
        xlRefuses(`failed to parse 9pfs configuration: ${t.text}`),
      );
      continue;
    }
    const { key, value } = pair;
    b.field(key.text, value.text, t.start, t.end, value.start);
    const k = keys.includes(key.text) ? key.text : '';
    if (k in STRING_KEYS) {
      p9[STRING_KEYS[k]] = value.text;
      if (k === 'security_model' && value.text !== 'none')
        b.warn(value.start, value.end, 'only `security_model=none` is supported by the backends');
    } else if (k === 'type') {
      // libxl_p9_type_from_string: case-insensitive, and `unknown` is one of its names
      if (enumValue('libxl_p9_type', value.text, release) === undefined) {
        b.fatal(
          value.start,
          value.end,
          `${R}failed to parse 9pfs type ${q(value.text)} (use qemu or xen_9pfsd)`,
          xlRefuses(`failed to parse 9pfs type: ${value.text}`),
        );
      } else p9.type = value.text.toLowerCase();
    } else if (k === 'max-files' || k === 'max-open-files' || k === 'max-space') {
      const v = xlParseUlong(b, k, value, R);
      if (v !== undefined) p9[k.replace(/-/g, '_')] = toInt32(v);
    } else if (k === 'auto-delete') {
      // strtoul(value, NULL, 0) into a bool: never fails
      p9.auto_delete = toBool(strtoulValue(value.text, 0));
      if (!strtoul(value.text, 0, 0).ok)
        b.warn(value.start, value.end, `${q(value.text)} is not a number; xl reads it as 0`);
    } else {
      b.fatal(
        key.start,
        key.end,
        `${R}unknown 9pfs parameter ${q(key.text)}` + unknownNote(key.text, keys),
        xlRefuses(`Unknown 9pfs parameter '${key.text}'`),
      );
    }
  }
  return true;
}

function unknownNote(key: string, keys: readonly string[]): string {
  const later = p9Fields.find((f) => f.name === key && f.since);
  return later ? ` (read from Xen ${later.since})` : didYouMeanNote(key, keys);
}

export const p9Spec: SpecLanguage = { syntax: 'p9-spec', parse: parseP9, fields: p9Fields };

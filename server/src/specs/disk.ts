// DISK_SPEC: the items of `disk = [ ... ]`, read as xl reads them: parse_disk_config
// (tools/xl/xl_parse.c) calls xlu_disk_parse (tools/libs/util/libxlu_disk.c), which runs the flex
// scanner of libxlu_disk_l.l (diskScanner.ts) and then its post-checks. Every error there is
// fatal: libxlu prints it, scanning goes on (so several lines may be printed), then xl exits.
// `device` is the libxl_device_disk xl builds (disks get no devid from xl).
import type { LibxlStruct } from '../libxl/value';
import { atoi } from './clib';
import { scanDisk, VALUE_RULES, type DiskToken } from './diskScanner';
import { atLeast, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { xlRefuses, xlSourceRefuses } from './xlOutput';

const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'];
const ACCESS = ['r', 'ro', 'rw', 'w'];
const BACKENDTYPES = ['phy', 'tap', 'qdisk', 'standalone'];
const SPECIFICATIONS = ['xen', 'virtio'];
const FLAGS = ['cdrom', 'direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo', 'trusted', 'untrusted'];
const NAMED = [
  'target',
  'format',
  'vdev',
  'access',
  'devtype',
  'backend',
  'backendtype',
  'script',
  'specification',
  'colo-host',
  'colo-port',
  'colo-export',
  'active-disk',
  'hidden-disk',
];
const NAMED_AND_FLAGS = [...NAMED, ...FLAGS];
const PREFIX_WORDS = [
  'raw',
  'qcow',
  'qcow2',
  'vhd',
  'iscsi',
  'nbd',
  'enbd',
  'drbd',
  'tapdisk',
  'tap',
  'tap2',
  'aio',
  'ioemu',
  'file',
  'phy',
];

const VDEV_LIKE = /^(xvd|hd|sd|vd)[a-z]{1,3}[0-9]{0,3}$|^d[0-9]{1,3}p[0-9]{1,3}$/;

export const diskFields: SpecFieldDoc[] = [
  {
    name: 'target',
    doc: 'Backing file or device; as `target=` it takes the rest of the string (commas included), so it must come last. A path without a leading `/` gets `/dev/` prepended by libxl.',
  },
  { name: 'format', doc: 'Image format of the target.', values: FORMATS, default: 'raw' },
  { name: 'vdev', doc: 'Device name the guest sees (e.g. `xvda`, `hdc`, `sda`). Required.' },
  { name: 'access', doc: 'Read-only (`r`/`ro`) or read-write (`rw`/`w`).', values: ACCESS, default: 'rw' },
  {
    name: 'devtype',
    doc: 'Emulated device type; `cdrom` makes the disk removable and read-only.',
    values: ['cdrom', 'disk'],
    default: 'disk',
  },
  { name: 'cdrom', doc: 'Flag: same as `devtype=cdrom`.' },
  { name: 'backend', doc: 'Name of the domain that serves this disk.', default: '0 (the control domain)' },
  {
    name: 'backendtype',
    doc: 'Backend implementation (lower case).',
    values: BACKENDTYPES,
    default: 'chosen by libxl (phy for raw devices/files, qdisk otherwise)',
  },
  { name: 'script', doc: 'Hotplug script that prepares the target (e.g. `block-iscsi`).', default: 'block' },
  { name: 'specification', doc: 'Frontend protocol (lower case).', values: SPECIFICATIONS, default: 'xen' },
  { name: 'direct-io-safe', doc: 'Flag: the backend may use O_DIRECT safely.' },
  { name: 'discard', doc: 'Flag: advertise discard/TRIM to the guest.' },
  { name: 'no-discard', doc: 'Flag: do not advertise discard/TRIM.' },
  { name: 'trusted', doc: 'Flag: the backend is trusted by the guest.', since: '4.19' },
  { name: 'untrusted', doc: 'Flag: the backend is not trusted by the guest.', since: '4.19' },
  {
    name: 'grant_usage',
    doc: 'Only the literal forms `grant_usage=1` and `grant_usage=0` are understood (virtio disks).',
    values: ['0', '1'],
    since: '4.19',
  },
  { name: 'colo', doc: 'Flag: enable COLO replication for this disk (unstable interface).' },
  { name: 'no-colo', doc: 'Flag: disable COLO replication.' },
  { name: 'colo-host', doc: 'COLO: secondary host.' },
  { name: 'colo-port', doc: 'COLO: port on the secondary host (non-zero integer).' },
  { name: 'colo-export', doc: 'COLO: NBD export name.' },
  { name: 'active-disk', doc: 'COLO: active disk image on the secondary.' },
  { name: 'hidden-disk', doc: 'COLO: hidden disk image on the secondary.' },
];

const REFUSE = 'xl refuses this disk: ';
/** libxlu prints every error; past this many xlcfg only counts them. */
const MAX_ERRORS = 100;

/** libxlu's string members and the names its "respecified" messages use. */
const STRING_MEMBERS: Record<string, string> = {
  target: 'pdev_path',
  vdev: 'vdev',
  script: 'script',
  backend: 'backend_domname',
  'colo-host': 'colo_host',
  'colo-export': 'colo_export',
  'active-disk': 'active_disk',
  'hidden-disk': 'hidden_disk',
};

export function parseDisk(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('disk-spec', text);
  const n = text.length;
  // libxl_device_disk as xlu_disk_parse fills it; format/backend/specification as enum names.
  const d: LibxlStruct = { readwrite: 1 };
  let err = false;
  let hadDeprPrefix = false;
  let accessSet = false;

  // xlu__disk_err: the line libxlu prints, and the first error makes the parse fail. Each line
  // quotes the whole spec: past MAX_ERRORS of them only the count is kept (the editor stays fast).
  let errors = 0;
  const xlErr = (start: number, end: number, message: string, erroneous: string | undefined, ours: string): void => {
    err = true;
    if (++errors > MAX_ERRORS) return;
    const near = erroneous === undefined ? '' : `: near \`${erroneous}'`;
    const printed = `config parsing error in disk specification: ${message}${near} in \`${text}'`;
    b.fatal(start, end, ours, xlSourceRefuses(printed));
  };

  // savestring(): replacing a non-empty value is an error, an empty one is replaced silently.
  const save = (what: string, value: string, start: number, end: number, message = `${what} respecified`): void => {
    const member = STRING_MEMBERS[what];
    const prev = d[member] as string | undefined;
    if (prev !== undefined && prev !== '') {
      xlErr(start, end, message, value, `${REFUSE}${what} given twice (already ${q(prev)}, now ${q(value)})`);
      return;
    }
    d[member] = value;
  };

  // DSET(): an enum may be set again only to the same value.
  const dset = (
    member: 'format' | 'backend' | 'specification',
    value: string,
    raw: string,
    start: number,
    end: number,
  ): void => {
    const prev = d[member] as string | undefined;
    if (prev !== undefined && prev !== value) {
      xlErr(
        start,
        end,
        `${member} respecified`,
        raw,
        `${REFUSE}${member} given twice (already ${q(prev)}, now ${q(value)})`,
      );
      return;
    }
    d[member] = value;
  };

  const setFormat = (v: string, start: number, end: number, positional: boolean): void => {
    if (v === '' || FORMATS.includes(v)) {
      dset('format', v === '' ? 'raw' : v, v, start, end);
      return;
    }
    let extra: string;
    if (positional && VDEV_LIKE.test(v)) {
      const tgt = (d.pdev_path as string | undefined) ?? '/img';
      extra = ` (the format is 2nd: ${q(tgt + ',,' + v, 30)})`;
    } else {
      extra = ` (known: ${FORMATS.join(', ')})` + didYouMeanNote(v, FORMATS);
    }
    xlErr(start, end, 'unknown value for format', v, `${REFUSE}unknown format ${q(v)}${extra}`);
  };

  const setAccess = (v: string, start: number, end: number): void => {
    if (v === 'r' || v === 'ro') d.readwrite = 0;
    else if (v === 'rw' || v === 'w' || v === '') d.readwrite = 1;
    else
      xlErr(
        start,
        end,
        'unknown value for access',
        v,
        `${REFUSE}unknown value for access ${q(v)} (use r, ro, rw or w)`,
      );
  };

  // vdev_and_devtype(): the old `hdc:cdrom` form; false when there is no colon.
  const vdevAndDevtype = (v: string, start: number, end: number): boolean => {
    const colon = v.lastIndexOf(':');
    if (colon < 0) return false;
    save('vdev', v.slice(0, colon), start, start + colon);
    const dt = v.slice(colon + 1);
    if (dt === 'cdrom') d.is_cdrom = 1;
    else if (dt === 'disk') d.is_cdrom = 0;
    else
      xlErr(
        start + colon + 1,
        end,
        'unknown deprecated type',
        dt,
        `${REFUSE}unknown deprecated type ${q(dt)} after \`:\` (only \`cdrom\` or \`disk\`)`,
      );
    return true;
  };

  // The positional rule `[^=,]*,|[^=,]+,?`: target, format, vdev, access in turn.
  const positional = (v: string, start: number, end: number, tokEnd: number): boolean => {
    if (err) {
      b.field(positionalName(), v, start, tokEnd, start, true).ignored = true;
      return true; // "previous errors may just lead to subsequent ones"
    }
    if (d.pdev_path === undefined) {
      b.field('target', v, start, tokEnd, start, true);
      save('target', v, start, end);
    } else if (!hadDeprPrefix && d.format === undefined) {
      if (d.pdev_path === '' && v.includes(':')) {
        b.field('vdev', v, start, tokEnd, start, true);
        vdevAndDevtype(v, start, end);
        d.format = 'empty';
      } else {
        b.field('format', v, start, tokEnd, start, true);
        setFormat(v, start, end, true);
      }
    } else if (d.vdev === undefined) {
      b.field('vdev', v, start, tokEnd, start, true);
      if (!vdevAndDevtype(v, start, end)) save('vdev', v, start, end);
    } else if (!accessSet) {
      b.field('access', v, start, tokEnd, start, true);
      accessSet = true;
      setAccess(v, start, end);
    } else {
      xlErr(
        start,
        end,
        'too many positional parameters',
        v,
        `${REFUSE}too many positional parameters at ${q(v, 30)} (only target, format, vdev, access)`,
      );
      return false;
    }
    return true;
  };
  const positionalName = (): string =>
    d.pdev_path === undefined
      ? 'target'
      : !hadDeprPrefix && d.format === undefined
        ? 'format'
        : d.vdev === undefined
          ? 'vdev'
          : 'access';

  const onToken = (t: DiskToken): boolean => {
    const raw = text.slice(t.start, t.end);
    // STRIP(','): the one trailing comma the rule may have taken.
    const stripped = raw.endsWith(',') ? raw.slice(0, -1) : raw;
    const strippedEnd = t.start + stripped.length;
    const key = VALUE_RULES[t.rule];
    if (key !== undefined) {
      const vs = t.start + key.length + 1;
      const v = text.slice(vs, strippedEnd);
      b.field(key, v, t.start, t.end, vs);
      switch (t.rule) {
        case 'format':
          setFormat(v, vs, strippedEnd, false);
          break;
        case 'devtype-other':
          // not stripped: libxlu quotes the whole token, comma included
          xlErr(
            vs,
            strippedEnd,
            'unknown value for type',
            t.yytext,
            `${REFUSE}unknown value for type ${q(v)} in devtype (use cdrom or disk)`,
          );
          break;
        case 'access':
          setAccess(v, vs, strippedEnd);
          break;
        case 'backendtype':
          if (BACKENDTYPES.includes(v)) dset('backend', v, v, vs, strippedEnd);
          else {
            xlErr(
              vs,
              strippedEnd,
              'unknown value for backendtype',
              v,
              `${REFUSE}unknown value for backendtype ${q(v)} (use ${BACKENDTYPES.join(', ')}, lower case)` +
                didYouMeanNote(v.toLowerCase(), BACKENDTYPES),
            );
          }
          break;
        case 'specification':
          if (SPECIFICATIONS.includes(v)) dset('specification', v, v, vs, strippedEnd);
          else
            xlErr(
              vs,
              strippedEnd,
              'unknown value for specification',
              v,
              `${REFUSE}unknown value for specification ${q(v)} (use xen or virtio, lower case)`,
            );
          break;
        case 'colo-port': {
          const port = atoi(v);
          if (port) d.colo_port = port;
          else
            xlErr(
              vs,
              strippedEnd,
              'unknown value for colo_port',
              v,
              `${REFUSE}unknown value for colo-port ${q(v)} (needs a non-zero number)`,
            );
          break;
        }
        default:
          save(key, v, vs, strippedEnd);
      }
      return true;
    }
    switch (t.rule) {
      case 'space':
        return true;
      case 'cdrom':
      case 'devtype-cdrom':
        b.field(
          t.rule === 'cdrom' ? 'cdrom' : 'devtype',
          t.rule === 'cdrom' ? '' : 'cdrom',
          t.start,
          t.end,
          t.rule === 'cdrom' ? strippedEnd : t.start + 8,
        );
        d.is_cdrom = 1;
        return true;
      case 'devtype-disk':
        b.field('devtype', 'disk', t.start, t.end, t.start + 8);
        d.is_cdrom = 0;
        return true;
      case 'direct-io-safe':
        b.field(stripped, '', t.start, t.end, strippedEnd);
        d.direct_io_safe = true;
        return true;
      case 'discard':
      case 'no-discard':
        b.field(stripped, '', t.start, t.end, strippedEnd);
        d.discard_enable = t.rule === 'discard';
        return true;
      case 'colo':
      case 'no-colo':
        b.field(stripped, '', t.start, t.end, strippedEnd);
        d.colo_enable = t.rule === 'colo';
        return true;
      case 'trusted':
      case 'untrusted':
        b.field(stripped, '', t.start, t.end, strippedEnd);
        d.trusted = t.rule === 'trusted';
        return true;
      case 'grant_usage-1':
      case 'grant_usage-0':
        b.field('grant_usage', stripped.slice(12), t.start, t.end, t.start + 12);
        d.grant_usage = t.rule === 'grant_usage-1';
        return true;
      case 'target': {
        const vs = t.start + 7;
        const v = text.slice(vs, strippedEnd);
        b.field('target', v, t.start, t.end, vs);
        save('target', v, vs, strippedEnd);
        if (v.includes(','))
          b.hint(t.start, t.end, '`target=` takes everything up to the end of the string, commas included');
        return true;
      }
      case 'unknown-parameter': {
        // libxlu's rule takes one character of the value; the item runs to the next comma.
        const eq = raw.indexOf('=');
        const word = raw.slice(0, eq);
        let itemEnd = text.indexOf(',', t.start);
        if (itemEnd < 0) itemEnd = n;
        b.field(word, text.slice(t.start + eq + 1, itemEnd), t.start, Math.max(t.end, itemEnd), t.start + eq + 1);
        let ours = `${REFUSE}unknown parameter ${q(word)}` + didYouMeanNote(word, NAMED_AND_FLAGS);
        if (!atLeast(release, '4.19') && word === 'grant_usage') ours += ` (Xen ${release} does not know it)`;
        xlErr(t.start, itemEnd, 'unknown parameter', t.yytext, ours);
        return true;
      }
      case 'prefix-unknown': {
        const word = raw.slice(0, -1);
        b.field('prefix', word, t.start, t.end, t.start);
        xlErr(
          t.start,
          t.end,
          'unknown deprecated disk prefix',
          raw,
          `${REFUSE}unknown deprecated disk prefix ${q(raw)}` + didYouMeanNote(word, PREFIX_WORDS),
        );
        return false;
      }
      case 'positional': {
        const ok = positional(stripped, t.start, strippedEnd, t.end);
        noteNotYetKnown(stripped, t.start, strippedEnd);
        return ok;
      }
      default: {
        // the deprecated prefixes `word:`
        const word = raw.slice(0, -1);
        hadDeprPrefix = true;
        b.field('prefix', word, t.start, t.end, t.start);
        if (t.rule === 'prefix-format') {
          b.hint(
            t.start,
            t.end,
            `deprecated prefix ${q(raw)}: sets the format; \`format=${word}\` is the current spelling`,
          );
          setFormat(word, t.start, t.end - 1, false);
        } else if (t.rule === 'prefix-script') {
          b.hint(t.start, t.end, `deprecated prefix ${q(raw)}: sets \`script=block-${word}\``);
          save('script', `block-${word}`, t.start, t.end - 1);
        } else {
          b.hint(t.start, t.end, `deprecated prefix ${q(raw)}: xl drops it; the format position is then skipped`);
        }
        return true;
      }
    }
  };

  // Words the scanner of this release takes as positional parameters although newer ones know them.
  const noteNotYetKnown = (v: string, start: number, end: number): void => {
    if (!atLeast(release, '4.19') && (v === 'trusted' || v === 'untrusted' || v === 'grant_usage')) {
      b.info(start, end, `Xen ${release}'s xl reads \`${v}\` as a positional parameter here (a disk flag from 4.19)`);
    }
  };

  const end = scanDisk(text, release, onToken);
  if (end.kind === 'lexerr') {
    const yytext = end.yytext;
    const before = text.slice(0, end.start);
    const hint =
      text[end.start] === '=' && /^\/[^,]*$/.test(before.slice(before.lastIndexOf(',') + 1))
        ? ' (a path with `=` must be given as `target=...`, last)'
        : text[end.start] === '=' && /[A-Z_]/.test(before.slice(before.lastIndexOf(',') + 1))
          ? ' (keys: lower case letters, digits, `-`)'
          : '';
    xlErr(end.start, end.end, 'bad disk syntax', yytext, `${REFUSE}bad disk syntax near ${q(yytext)}${hint}`);
  } else if (end.kind === 'jammed') {
    b.fatal(
      end.start,
      end.start + 1,
      `${REFUSE}its scanner jams at ${q(text[end.start])} before a line break`,
      xlRefuses('flex scanner jammed'),
    );
    err = true;
  } else if (end.kind === 'lexerr-eof') {
    b.warn(end.start, n, `xl silently drops the trailing ${q(text[end.start])} (its scanner ends before reporting it)`);
  }

  if (errors > MAX_ERRORS) b.fatal(0, n, `${REFUSE}${errors - MAX_ERRORS} more errors like these (not listed)`);
  const formatGiven = d.format !== undefined;
  // xlu_disk_parse: defaults and post-checks, only when scanning succeeded.
  if (!err) {
    if (d.format === undefined) d.format = 'raw';
    if (d.is_cdrom) {
      d.removable = 1;
      d.readwrite = 0;
      if (d.pdev_path === undefined || d.pdev_path === '') d.format = 'empty';
    }
    if (d.vdev === undefined) {
      xlErr(
        0,
        n,
        'no vdev specified',
        undefined,
        `${REFUSE}no vdev specified (the 3rd item, \`/img,,xvda\`, or \`vdev=xvda\`)`,
      );
    } else if (d.pdev_path === undefined && !d.removable) {
      xlErr(
        0,
        n,
        'no target specified (and device not removable)',
        undefined,
        `${REFUSE}no target specified (and device not removable)`,
      );
    }
  }
  summarize(b, d, formatGiven);
  return b.done(d);
}

function summarize(b: Builder, d: LibxlStruct, formatGiven: boolean): void {
  const format = (d.format as string | undefined) ?? 'raw';
  const tgt = d.pdev_path as string | undefined;
  b.sum(
    'target',
    tgt === undefined || tgt === ''
      ? '(none: empty drive)'
      : tgt.startsWith('/') || tgt.includes(':')
        ? tgt
        : `${tgt} (libxl reads it as /dev/${tgt})`,
  );
  b.sum('format', formatGiven || format === 'empty' ? format : `${format} (default)`);
  b.sum('vdev', (d.vdev as string | undefined) || '(missing)');
  b.sum(
    'access',
    d.is_cdrom
      ? 'ro (CD-ROM is always read-only)'
      : d.readwrite === 0
        ? 'ro'
        : b.fields.some((f) => f.name === 'access')
          ? 'rw'
          : 'rw (default)',
  );
  b.sum('devtype', d.is_cdrom ? 'cdrom (removable)' : 'disk (default)');
  b.sum('backend', (d.backend_domname as string | undefined) || '0 (default: the control domain)');
  b.sum(
    'backendtype',
    (d.backend as string | undefined) ??
      (format === 'raw' ? 'phy (default for raw; libxl may pick qdisk)' : 'qdisk (default for non-raw formats)'),
  );
  b.sum('script', (d.script as string | undefined) ?? 'block (default)');
  b.sum('specification', (d.specification as string | undefined) ?? 'xen (default)');
  const flags: string[] = [];
  if (d.direct_io_safe) flags.push('direct-io-safe');
  if (d.discard_enable !== undefined) flags.push(d.discard_enable ? 'discard' : 'no-discard');
  if (d.colo_enable !== undefined) flags.push(d.colo_enable ? 'colo' : 'no-colo');
  if (d.trusted !== undefined) flags.push(d.trusted ? 'trusted' : 'untrusted');
  if (d.grant_usage !== undefined) flags.push(`grant_usage=${d.grant_usage ? 1 : 0}`);
  if (flags.length) b.sum('flags', flags.join(', '));
}

export const diskSpec: SpecLanguage = { syntax: 'disk-spec', parse: parseDisk, fields: diskFields };

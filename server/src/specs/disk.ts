// DISK_SPEC: the items of `disk = [ ... ]`.
// Grammar follows the flex scanner tools/libs/util/libxlu_disk_l.l and the
// post-checks in tools/libs/util/libxlu_disk.c: xlu_disk_parse. Every error
// there is fatal: xl prints it and exits.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';

const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'];
const ACCESS = ['r', 'ro', 'rw', 'w'];
const BACKENDTYPES = ['phy', 'tap', 'qdisk', 'standalone'];
const SPECIFICATIONS = ['xen', 'virtio'];
const FLAGS = ['cdrom', 'direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo', 'trusted', 'untrusted'];
const NAMED = [
  'target', 'format', 'vdev', 'access', 'devtype', 'backend', 'backendtype', 'script',
  'specification', 'colo-host', 'colo-port', 'colo-export', 'active-disk', 'hidden-disk',
];
// libxlu_disk_l.l "deprecated prefixes": format setters, script setters, dropped ones.
const PREFIX_FORMAT = ['raw', 'qcow', 'qcow2', 'vhd'];
const PREFIX_SCRIPT = ['iscsi', 'nbd', 'enbd', 'drbd'];
const PREFIX_DROP = ['tapdisk', 'tap', 'tap2', 'aio', 'ioemu', 'file', 'phy'];

const VDEV_LIKE = /^(xvd|hd|sd|vd)[a-z]{1,3}[0-9]{0,3}$|^d[0-9]{1,3}p[0-9]{1,3}$/;

export const diskFields: SpecFieldDoc[] = [
  { name: 'target', doc: 'Backing file or device; as `target=` it takes the rest of the string (commas included), so it must come last. A path without a leading `/` gets `/dev/` prepended by libxl.' },
  { name: 'format', doc: 'Image format of the target.', values: FORMATS, default: 'raw' },
  { name: 'vdev', doc: 'Device name the guest sees (e.g. `xvda`, `hdc`, `sda`). Required.' },
  { name: 'access', doc: 'Read-only (`r`/`ro`) or read-write (`rw`/`w`).', values: ACCESS, default: 'rw' },
  { name: 'devtype', doc: 'Emulated device type; `cdrom` makes the disk removable and read-only.', values: ['cdrom', 'disk'], default: 'disk' },
  { name: 'cdrom', doc: 'Flag: same as `devtype=cdrom`.' },
  { name: 'backend', doc: 'Name of the domain that serves this disk.', default: '0 (the control domain)' },
  { name: 'backendtype', doc: 'Backend implementation.', values: BACKENDTYPES, default: 'chosen by libxl (phy for raw devices/files, qdisk otherwise)' },
  { name: 'script', doc: 'Hotplug script that prepares the target (e.g. `block-iscsi`).', default: 'block' },
  { name: 'specification', doc: 'Frontend protocol.', values: SPECIFICATIONS, default: 'xen' },
  { name: 'direct-io-safe', doc: 'Flag: the backend may use O_DIRECT safely.' },
  { name: 'discard', doc: 'Flag: advertise discard/TRIM to the guest.' },
  { name: 'no-discard', doc: 'Flag: do not advertise discard/TRIM.' },
  { name: 'trusted', doc: 'Flag: the backend is trusted by the guest.' },
  { name: 'untrusted', doc: 'Flag: the backend is not trusted by the guest.' },
  { name: 'grant_usage', doc: 'Only the literal forms `grant_usage=1` and `grant_usage=0` are understood (virtio disks).', values: ['0', '1'] },
  { name: 'colo', doc: 'Flag: enable COLO replication for this disk (unstable interface).' },
  { name: 'no-colo', doc: 'Flag: disable COLO replication.' },
  { name: 'colo-host', doc: 'COLO: secondary host.' },
  { name: 'colo-port', doc: 'COLO: port on the secondary host (non-zero integer).' },
  { name: 'colo-export', doc: 'COLO: NBD export name.' },
  { name: 'active-disk', doc: 'COLO: active disk image on the secondary.' },
  { name: 'hidden-disk', doc: 'COLO: hidden disk image on the secondary.' },
];

const REFUSE = 'xl refuses this disk: ';

export function parseDisk(text: string): SpecParse {
  const b = new Builder('disk-spec', text);
  const n = text.length;
  const st = {
    target: undefined as string | undefined,
    format: undefined as string | undefined,
    vdev: undefined as string | undefined,
    accessSet: false,
    readonly: false,
    cdrom: false,
    deprPrefix: false,
    err: false,
    strings: new Map<string, string>(),
  };

  // libxlu_disk_l.l: savestring() — complains when a non-empty value is replaced.
  const save = (what: string, value: string, start: number, end: number): void => {
    const prev = what === 'target' ? st.target : what === 'vdev' ? st.vdev : st.strings.get(what);
    if (prev !== undefined && prev !== '') {
      b.fatal(start, end, `${REFUSE}${what} respecified (already ${q(prev)})`);
      st.err = true;
      return;
    }
    if (what === 'target') st.target = value;
    else if (what === 'vdev') st.vdev = value;
    else st.strings.set(what, value);
  };

  const setFormat = (v: string, start: number, end: number, positional: boolean): void => {
    if (v === '' || FORMATS.includes(v)) {
      st.format = v === '' ? 'raw' : v;
      return;
    }
    st.err = true;
    let extra = '';
    if (positional && VDEV_LIKE.test(v)) {
      const tgt = st.target ?? '/img';
      extra = ` (positional items are target, format, vdev, access: write ${q(tgt + ',,' + v, 60)} or ${q(tgt + ',raw,' + v, 60)})`;
    } else {
      extra = ` (known formats: ${FORMATS.join(', ')})` + didYouMeanNote(v, FORMATS);
    }
    b.fatal(start, end, `${REFUSE}unknown value for format ${q(v)}${extra}`);
  };

  // libxlu_disk_l.l: vdev_and_devtype() — the old `hdc:cdrom` form.
  const vdevAndDevtype = (v: string, start: number, end: number): boolean => {
    const colon = v.lastIndexOf(':');
    if (colon < 0) return false;
    save('vdev', v.slice(0, colon), start, start + colon);
    const dt = v.slice(colon + 1);
    if (dt === 'cdrom') st.cdrom = true;
    else if (dt === 'disk') st.cdrom = false;
    else {
      st.err = true;
      b.fatal(start + colon + 1, end, `${REFUSE}unknown deprecated type ${q(dt)} after \`:\` (only \`cdrom\` or \`disk\`)`);
    }
    return true;
  };

  const positional = (v: string, start: number, end: number, tokEnd: number): boolean => {
    if (st.err) return true; // xlu: later errors are only consequences
    if (st.target === undefined) {
      b.field('target', v, start, tokEnd, start, true);
      save('target', v, start, end);
    } else if (!st.deprPrefix && st.format === undefined) {
      if (st.target === '' && v.includes(':')) {
        b.field('vdev', v, start, tokEnd, start, true);
        vdevAndDevtype(v, start, end);
        st.format = 'empty';
      } else {
        b.field('format', v, start, tokEnd, start, true);
        setFormat(v, start, end, true);
      }
    } else if (st.vdev === undefined) {
      b.field('vdev', v, start, tokEnd, start, true);
      if (!vdevAndDevtype(v, start, end)) save('vdev', v, start, end);
    } else if (!st.accessSet) {
      b.field('access', v, start, tokEnd, start, true);
      st.accessSet = true;
      setAccess(v, start, end);
    } else {
      b.fatal(start, end, `${REFUSE}too many positional parameters at ${q(v)} (positional items are target, format, vdev, access; use \`target=\` last for paths containing commas)`);
      st.err = true;
      return false;
    }
    return true;
  };

  const setAccess = (v: string, start: number, end: number): void => {
    if (v === '' || v === 'rw' || v === 'w') st.readonly = false;
    else if (v === 'r' || v === 'ro') st.readonly = true;
    else {
      st.err = true;
      b.fatal(start, end, `${REFUSE}unknown value for access ${q(v)} (use r, ro, rw or w)`);
    }
  };

  let pos = 0;
  scan: while (pos < n) {
    const c = text[pos];
    // [ \t\n]+ before an item is skipped
    if (c === ' ' || c === '\t' || c === '\n') {
      pos++;
      continue;
    }
    if (text.startsWith('target=', pos)) {
      // `target=.*` swallows the rest; STRIP(',') drops one trailing comma.
      let vEnd = n;
      if (vEnd > pos + 7 && text[vEnd - 1] === ',') vEnd--;
      const v = text.slice(pos + 7, vEnd);
      b.field('target', v, pos, n, pos + 7);
      save('target', v, pos + 7, vEnd);
      if (v.includes(',')) b.hint(pos, n, '`target=` takes everything up to the end of the string, commas included');
      pos = n;
      break;
    }
    // Deprecated `word:` prefixes (their patterns match the whole rest, so they win).
    if (c >= 'a' && c <= 'z') {
      let j = pos + 1;
      while (j < n && /[a-z0-9]/.test(text[j])) j++;
      if (j < n && text[j] === ':') {
        const word = text.slice(pos, j);
        if (PREFIX_FORMAT.includes(word) || PREFIX_SCRIPT.includes(word) || PREFIX_DROP.includes(word)) {
          st.deprPrefix = true;
          b.field('prefix', word, pos, j + 1, pos);
          if (PREFIX_FORMAT.includes(word)) {
            st.format = word;
            b.hint(pos, j + 1, `deprecated prefix ${q(word + ':')}: sets the format; \`format=${word}\` is the current spelling`);
          } else if (PREFIX_SCRIPT.includes(word)) {
            save('script', 'block-' + word, pos, j);
            b.hint(pos, j + 1, `deprecated prefix ${q(word + ':')}: sets \`script=block-${word}\``);
          } else {
            b.hint(pos, j + 1, `deprecated prefix ${q(word + ':')}: xl drops it; the format position is then skipped`);
          }
          pos = j + 1;
          continue;
        }
        // [a-z][a-z0-9]*:/([^a-z0-9]|[a-z0-9]*:).*
        let k = j + 1;
        let unknown = false;
        if (k < n && !/[a-z0-9]/.test(text[k])) unknown = true;
        else {
          while (k < n && /[a-z0-9]/.test(text[k])) k++;
          if (k < n && text[k] === ':') unknown = true;
        }
        if (unknown) {
          b.fatal(pos, j + 1, `${REFUSE}unknown deprecated disk prefix ${q(word + ':')}` + didYouMeanNote(word, [...PREFIX_FORMAT, ...PREFIX_SCRIPT, ...PREFIX_DROP]));
          st.err = true;
          break;
        }
      }
    }
    let comma = text.indexOf(',', pos);
    if (comma < 0) comma = n;
    const tokEnd = comma < n ? comma + 1 : n;
    const tok = text.slice(pos, comma);
    const eq = tok.indexOf('=');
    if (eq >= 0) {
      const key = tok.slice(0, eq);
      const v = tok.slice(eq + 1);
      const vs = pos + eq + 1;
      if (tok === 'grant_usage=1' || tok === 'grant_usage=0') {
        b.field('grant_usage', v, pos, tokEnd, vs);
      } else if (NAMED.includes(key)) {
        b.field(key, v, pos, tokEnd, vs);
        switch (key) {
          case 'format':
            setFormat(v, vs, comma, false);
            break;
          case 'access':
            if (st.accessSet) b.info(pos, comma, 'access given twice; the last one wins');
            st.accessSet = true;
            setAccess(v, vs, comma);
            break;
          case 'devtype':
            if (v === 'cdrom') st.cdrom = true;
            else if (v === 'disk') st.cdrom = false;
            else {
              st.err = true;
              b.fatal(vs, comma, `${REFUSE}unknown value for type ${q(v)} (use cdrom or disk)`);
            }
            break;
          case 'backendtype':
            if (!BACKENDTYPES.includes(v.toLowerCase())) {
              st.err = true;
              b.fatal(vs, comma, `${REFUSE}unknown value for backendtype ${q(v)} (use ${BACKENDTYPES.join(', ')})` + didYouMeanNote(v, BACKENDTYPES));
            } else st.strings.set('backendtype', v.toLowerCase());
            break;
          case 'specification':
            if (!SPECIFICATIONS.includes(v.toLowerCase())) {
              st.err = true;
              b.fatal(vs, comma, `${REFUSE}unknown value for specification ${q(v)} (use xen or virtio)`);
            } else st.strings.set('specification', v.toLowerCase());
            break;
          case 'colo-port': {
            // setcoloport(): atoi(), zero is refused
            const m = /^[ \t\n\v\f\r]*[+-]?[0-9]+/.exec(v);
            if (!m || Number(m[0].trim()) === 0) {
              st.err = true;
              b.fatal(vs, comma, `${REFUSE}unknown value for colo-port ${q(v)} (needs a non-zero number)`);
            } else st.strings.set('colo-port', v);
            break;
          }
          default:
            save(key, v, vs, comma);
        }
      } else if (key.startsWith('grant_usage')) {
        b.fatal(pos, comma, `${REFUSE}bad disk syntax at ${q(tok)} (only the literal forms \`grant_usage=1\` and \`grant_usage=0\` exist)`);
        st.err = true;
        break scan;
      } else if (/^[a-z][-a-z0-9]*$/.test(key)) {
        b.field(key, v, pos, tokEnd, vs);
        b.fatal(pos, comma, `${REFUSE}unknown parameter ${q(key)}` + didYouMeanNote(key, [...NAMED, ...FLAGS]));
        st.err = true;
      } else {
        // The positional rule takes the text before '='; the '=' itself is junk.
        if (eq > 0) positional(key, pos, pos + eq, pos + eq);
        b.fatal(pos + eq, comma, `${REFUSE}bad disk syntax near ${q(tok.slice(eq))}` +
          (eq > 0 && key.startsWith('/') ? ' (a path containing `=` must be written as `target=...` at the end)' : ''));
        st.err = true;
        break;
      }
    } else if (FLAGS.includes(tok)) {
      b.field(tok, '', pos, tokEnd, comma);
      if (tok === 'cdrom') st.cdrom = true;
      else st.strings.set(tok, '1');
    } else {
      if (!positional(tok, pos, comma, tokEnd)) break;
    }
    pos = tokEnd;
  }

  // libxlu_disk.c: xlu_disk_parse post-checks
  if (!st.err) {
    if (st.vdev === undefined || st.vdev === '') {
      b.fatal(0, n, `${REFUSE}no vdev specified (give it as the third positional item, \`/img,,xvda\`, or as \`vdev=xvda\`)`);
    }
    if (!st.cdrom && (st.target === undefined)) {
      b.fatal(0, n, `${REFUSE}no target specified (and device not removable)`);
    }
  }

  // Summary with defaults (libxl fills most of them in libxl__device_disk_setdefault).
  let format = st.format ?? 'raw';
  if (st.cdrom && (st.target === undefined || st.target === '')) format = 'empty';
  const tgt = st.target;
  b.sum('target', tgt === undefined || tgt === '' ? '(none: empty drive)' : tgt.startsWith('/') || tgt.includes(':') ? tgt : `${tgt} (libxl reads it as /dev/${tgt})`);
  b.sum('format', st.format ? format : `${format} (default)`);
  b.sum('vdev', st.vdev || '(missing)');
  b.sum('access', st.cdrom ? 'ro (CD-ROM is always read-only)' : st.readonly ? 'ro' : st.accessSet ? 'rw' : 'rw (default)');
  b.sum('devtype', st.cdrom ? 'cdrom (removable)' : 'disk (default)');
  b.sum('backend', st.strings.get('backend') || '0 (default: the control domain)');
  b.sum('backendtype', st.strings.get('backendtype') ?? (format === 'raw' ? 'phy (default for raw; libxl may pick qdisk)' : 'qdisk (default for non-raw formats)'));
  b.sum('script', st.strings.get('script') ?? 'block (default)');
  b.sum('specification', st.strings.get('specification') ?? 'xen (default)');
  const flags = FLAGS.filter((f) => f !== 'cdrom' && st.strings.has(f));
  if (flags.length) b.sum('flags', flags.join(', '));
  return b.done();
}

export const diskSpec: SpecLanguage = { syntax: 'disk-spec', parse: parseDisk, fields: diskFields };

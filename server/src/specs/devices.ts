// Smaller device specs from tools/xl/xl_parse.c. Two splitting styles occur:
//  - "strtok" style: strtok(",") then `while (*p == ' ') p++` and
//    MATCH_OPTION("key", p, oparg) (vtpm, vfb, pvcalls, usbctrl, usbdev,
//    vkb, virtio, vdispl);
//  - "pair" style: split_string_into_string_list(",") then
//    split_string_into_pair("=") with isspace trimming (channel, p9, vnuma).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, Tok, atoi, didYouMean, isUuid, q, skipSpaces, splitPair, strtok, strtoul, ULONG_MAX } from './util';

interface KvTok {
  tok: Tok;
  key: string;
  value: string;
  valueStart: number;
  hasEq: boolean;
}

function strtokKv(text: string): KvTok[] {
  return strtok(text, ',').map((raw) => {
    const tok = skipSpaces(raw);
    const eq = tok.text.indexOf('=');
    return eq < 0
      ? { tok, key: tok.text, value: '', valueStart: tok.end, hasEq: false }
      : { tok, key: tok.text.slice(0, eq), value: tok.text.slice(eq + 1), valueStart: tok.start + eq + 1, hasEq: true };
  });
}

/** xl_parse.c: parse_ulong — decimal, exits on no digits; trailing junk ignored. */
function parseUlong(b: Builder, key: string, v: Tok, what: string): bigint | undefined {
  const r = strtoul(v.text, 0, 10);
  if (!r.ok || r.value === ULONG_MAX) {
    b.fatal(v.start, v.end, `xl refuses ${what}: failed to convert ${q(v.text)} to a number for \`${key}\``);
    return undefined;
  }
  if (r.end < v.text.length) b.info(v.start + r.end, v.end, `xl ignores ${q(v.text.slice(r.end))} after the number`);
  return r.value;
}

function numInfo(b: Builder, v: string, vs: number, base: 0 | 10): number {
  const r = strtoul(v, 0, base);
  if (!r.ok) {
    b.warn(vs, vs + v.length, `${q(v)} is not a number; xl reads it as 0`);
    return 0;
  }
  if (r.end < v.length) b.info(vs + r.end, vs + v.length, `xl ignores ${q(v.slice(r.end))} after the number`);
  return base === 10 ? atoi(v) : Number(r.value);
}

// ---------------------------------------------------------------- vnuma
export const vnumaFields: SpecFieldDoc[] = [
  { name: 'pnode', doc: 'Physical NUMA node backing this virtual node (decimal; must exist on the host).' },
  { name: 'size', doc: 'Memory of this virtual node in MiB (decimal). The sizes must add up to `memory`.' },
  { name: 'vcpus', doc: 'vCPUs of this node: comma list of `N` or `N-M`.' },
  { name: 'vdistances', doc: 'Distances to every virtual node, comma separated, in vnode order (e.g. `10,20`).' },
];
const VNUMA_KEYS = vnumaFields.map((f) => f.name);

/** One inner string of a `vnuma` vnode list, e.g. "size=512". */
export function parseVnumaItem(text: string): SpecParse {
  const b = new Builder('vnuma-vnode', text);
  const what = 'this vnuma setting';
  const pair = splitPair({ text, start: 0, end: text.length });
  if (!pair) {
    b.fatal(0, text.length, `xl refuses ${what}: failed to split ${q(text)} into \`key=value\``);
    return b.done();
  }
  const { key, value } = pair;
  b.field(key.text, value.text, 0, text.length, value.start);
  if (pair.dropped) b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: only the text up to the next \`=\` is the value`);
  switch (key.text) {
    case 'pnode': {
      const v = parseUlong(b, 'pnode', value, what);
      if (v !== undefined) {
        b.sum('pnode', v.toString());
        b.hint(value.start, value.end, 'xl exits if this node does not exist on the host');
      }
      break;
    }
    case 'size': {
      const v = parseUlong(b, 'size', value, what);
      if (v !== undefined) b.sum('size', `${v} MiB`);
      break;
    }
    case 'vcpus': {
      const ids: string[] = [];
      for (const t of strtok(value.text, ',')) {
        const m = /^[ \t\n\v\f\r]*([0-9]+)(?:-[ \t\n\v\f\r]*([0-9]+))?$/.exec(t.text);
        if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
          b.warn(value.start + t.start, value.start + t.end, `${q(t.text)} is not \`N\` or \`N-M\`; xl does not check the result and the vCPU layout will not be what you meant`);
        } else ids.push(t.text.trim());
      }
      b.sum('vcpus', ids.join(',') || '(none)');
      break;
    }
    case 'vdistances': {
      const ds: string[] = [];
      for (const t of strtok(value.text, ',')) {
        const v = parseUlong(b, 'vdistances', { text: t.text, start: value.start + t.start, end: value.start + t.end }, what);
        if (v === undefined) break;
        ds.push(v.toString());
      }
      b.sum('vdistances', ds.join(', '));
      break;
    }
    default:
      b.info(key.start, key.end, `xl silently ignores the unknown vnuma key ${q(key.text)}` + didYouMean(key.text, VNUMA_KEYS));
  }
  return b.done();
}

// ---------------------------------------------------------------- channel
export const channelFields: SpecFieldDoc[] = [
  { name: 'name', doc: 'Channel name the guest looks for (e.g. `org.qemu.guest_agent.0`).' },
  { name: 'connection', doc: 'How the host side is exposed; lowercase only.', values: ['pty', 'socket'] },
  { name: 'path', doc: 'Host socket path; required with `connection=socket`.' },
  { name: 'backend', doc: 'Domain that provides the channel backend.', default: '0' },
];

export function parseChannel(text: string): SpecParse {
  const b = new Builder('channel-spec', text);
  const R = 'xl refuses this channel: ';
  const got = new Map<string, string>();
  let connection: string | undefined;
  for (const t of strtok(text, ',')) {
    const pair = splitPair(t);
    if (!pair) {
      b.fatal(t.start, t.end, `${R}failed to parse ${q(t.text)} (expected \`key=value\` with a non-empty value)`);
      continue;
    }
    const { key, value } = pair;
    b.field(key.text, value.text, t.start, t.end, value.start);
    if (pair.dropped) b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: values cannot contain \`=\``);
    switch (key.text) {
      case 'backend':
      case 'name':
      case 'path':
        got.set(key.text, value.text);
        break;
      case 'connection':
        if (value.text === 'pty' || value.text === 'socket') connection = value.text;
        else {
          const l = value.text.toLowerCase();
          b.fatal(value.start, value.end, `${R}unknown channel connection ${q(value.text)}` + (l === 'pty' || l === 'socket' ? ` (must be lowercase \`${l}\`, although the manual shows it in capitals)` : ' (use pty or socket)'));
          connection = '!';
        }
        break;
      default:
        b.warn(key.start, key.end, `xl prints 'unknown channel parameter ${key.text.slice(0, 40)}, ignoring' and ignores it` + didYouMean(key.text, ['backend', 'name', 'path', 'connection']));
    }
  }
  if (connection === undefined) b.fatal(0, text.length, `${R}channel has unknown 'connection' (add \`connection=pty\` or \`connection=socket\`)`);
  else if (connection === 'socket' && !got.has('path')) b.fatal(0, text.length, `${R}\`connection=socket\` requires \`path=...\``);
  if (!got.has('name')) b.warn(0, text.length, 'no `name=`: the guest has no way to find this channel');
  b.sum('name', got.get('name') ?? '(none)');
  b.sum('connection', connection && connection !== '!' ? connection : '(invalid)');
  b.sum('path', got.get('path') ?? (connection === 'pty' ? '(pty allocated by the backend)' : '(none)'));
  b.sum('backend', got.get('backend') ?? '0 (default)');
  return b.done();
}

// ---------------------------------------------------------------- usbctrl / usbdev
const USBCTRL_TYPES = ['auto', 'pv', 'devicemodel', 'qusb'];
export const usbctrlFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Controller implementation (case-insensitive).', values: USBCTRL_TYPES, default: 'auto' },
  { name: 'version', doc: 'USB version of the controller.', values: ['1', '2', '3'], default: '2' },
  { name: 'ports', doc: 'Number of ports (1-31).', default: '8' },
];

export function parseUsbctrl(text: string): SpecParse {
  const b = new Builder('usbctrl-spec', text);
  const R = 'xl refuses this USB controller: ';
  let type: string | undefined;
  let version: number | undefined;
  let ports: number | undefined;
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!k.hasEq || !['type', 'version', 'ports'].includes(k.key)) {
      b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.tok.text)} in usbctrl spec` + didYouMean(k.key, ['type', 'version', 'ports']));
      continue;
    }
    if (k.key === 'type') {
      if (!USBCTRL_TYPES.includes(k.value.toLowerCase())) b.fatal(k.valueStart, k.tok.end, `${R}invalid usb controller type ${q(k.value)} (use ${USBCTRL_TYPES.join(', ')})`);
      else type = k.value.toLowerCase();
    } else if (k.key === 'version') {
      version = numInfo(b, k.value, k.valueStart, 10);
      if (version < 1 || version > 3) b.warn(k.valueStart, k.tok.end, `USB version ${version}: libxl only knows 1, 2 and 3`);
    } else {
      ports = numInfo(b, k.value, k.valueStart, 10);
      if (ports < 1 || ports > 31) b.warn(k.valueStart, k.tok.end, `${ports} ports: libxl supports 1 to 31`);
    }
  }
  b.sum('type', type ?? 'auto (default)');
  b.sum('version', version !== undefined ? String(version) : '2 (default)');
  b.sum('ports', ports !== undefined ? String(ports) : '8 (default)');
  return b.done();
}

const USBDEV_KEYS = ['type', 'hostbus', 'hostaddr', 'controller', 'port'];
export const usbdevFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Device kind (case-insensitive).', values: ['hostdev'], default: 'hostdev' },
  { name: 'hostbus', doc: 'Host USB bus number (as shown by lsusb; C number).' },
  { name: 'hostaddr', doc: 'Host USB device address on that bus (C number).' },
  { name: 'controller', doc: 'Guest USB controller index.', default: 'first free' },
  { name: 'port', doc: 'Port on that controller.', default: 'first free' },
];

export function parseUsbdev(text: string): SpecParse {
  const b = new Builder('usbdev-spec', text);
  const R = 'xl refuses this USB device: ';
  const got = new Map<string, string>();
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!k.hasEq || !USBDEV_KEYS.includes(k.key)) {
      b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.tok.text)} in usbdev spec` + didYouMean(k.key, USBDEV_KEYS));
      continue;
    }
    if (k.key === 'type') {
      if (k.value.toLowerCase() !== 'hostdev') b.fatal(k.valueStart, k.tok.end, `${R}invalid usb device type ${q(k.value)} (only hostdev)`);
      else got.set('type', 'hostdev');
    } else {
      got.set(k.key, String(numInfo(b, k.value, k.valueStart, k.key === 'hostbus' || k.key === 'hostaddr' ? 0 : 10)));
    }
  }
  for (const k of ['hostbus', 'hostaddr']) if (!got.has(k)) b.warn(0, text.length, `no \`${k}=\`: libxl cannot find the host device without it`);
  b.sum('type', got.get('type') ?? 'hostdev (default)');
  for (const k of ['hostbus', 'hostaddr']) b.sum(k, got.get(k) ?? '(missing)');
  b.sum('controller', got.get('controller') ?? 'first free (default)');
  b.sum('port', got.get('port') ?? 'first free (default)');
  return b.done();
}

// ---------------------------------------------------------------- vtpm
export const vtpmFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the vTPM backend (a vtpm stubdomain). Required.' },
  { name: 'uuid', doc: 'UUID of the vTPM, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.', default: 'generated' },
];

export function parseVtpm(text: string): SpecParse {
  const b = new Builder('vtpm-spec', text);
  const R = 'xl refuses this vtpm: ';
  let backend: string | undefined;
  let uuid: string | undefined;
  for (const k of strtokKv(text)) {
    if (!k.hasEq) {
      // xl_parse.c: `if ((p2 = strchr(p, '=')) == NULL) break;`
      b.info(k.tok.start, text.length, `xl stops reading this vtpm at ${q(k.tok.text)} (no \`=\`) and silently ignores the rest`);
      break;
    }
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (k.key === 'backend') backend = k.value;
    else if (k.key === 'uuid') {
      if (!isUuid(k.value)) b.fatal(k.valueStart, k.tok.end, `${R}failed to parse vtpm UUID ${q(k.value)} (form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
      else uuid = k.value;
    } else b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.key)} in vtpm spec (keys: backend, uuid)` + didYouMean(k.key, ['backend', 'uuid']));
  }
  if (backend === undefined) b.fatal(0, text.length, `${R}vtpm spec missing required backend field (add \`backend=<vtpm domain>\`)`);
  b.sum('backend', backend ?? '(missing)');
  b.sum('uuid', uuid ?? 'generated (default)');
  return b.done();
}

// ---------------------------------------------------------------- p9
const P9_KEYS = ['type', 'tag', 'security_model', 'path', 'backend', 'max-files', 'max-open-files', 'max-space', 'auto-delete'];
export const p9Fields: SpecFieldDoc[] = [
  { name: 'tag', doc: 'Mount tag the guest uses to find the share.' },
  { name: 'security_model', doc: 'Only `none` is supported: files are accessed with the backend\'s credentials.', values: ['none'] },
  { name: 'path', doc: 'Directory on the backend to share.', default: 'log dir for xen_9pfsd' },
  { name: 'backend', doc: 'Domain serving the share.', default: '0' },
  { name: 'type', doc: 'Backend implementation (case-insensitive).', values: ['qemu', 'xen_9pfsd'], default: 'qemu' },
  { name: 'max-files', doc: 'xen_9pfsd: maximum number of files (decimal).' },
  { name: 'max-open-files', doc: 'xen_9pfsd: maximum number of open files (decimal).' },
  { name: 'max-space', doc: 'xen_9pfsd: maximum space in MiB (decimal).' },
  { name: 'auto-delete', doc: 'xen_9pfsd: delete old files when limits are hit.', values: ['0', '1'] },
];

export function parseP9(text: string): SpecParse {
  const b = new Builder('p9-spec', text);
  const R = 'xl refuses this 9pfs share: ';
  const got = new Map<string, string>();
  for (const t of strtok(text, ',')) {
    const pair = splitPair(t);
    if (!pair) {
      b.fatal(t.start, t.end, `${R}failed to parse 9pfs configuration ${q(t.text)} (expected \`key=value\` with a non-empty value)`);
      continue;
    }
    const { key, value } = pair;
    b.field(key.text, value.text, t.start, t.end, value.start);
    if (pair.dropped) b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: values cannot contain \`=\``);
    switch (key.text) {
      case 'tag':
      case 'security_model':
      case 'path':
      case 'backend':
        got.set(key.text, value.text);
        if (key.text === 'security_model' && value.text !== 'none') b.warn(value.start, value.end, `only \`security_model=none\` is supported by the backends`);
        break;
      case 'type': {
        const l = value.text.toLowerCase();
        if (l !== 'qemu' && l !== 'xen_9pfsd') b.fatal(value.start, value.end, `${R}failed to parse 9pfs type ${q(value.text)} (use qemu or xen_9pfsd)`);
        else got.set('type', l);
        break;
      }
      case 'max-files':
      case 'max-open-files':
      case 'max-space': {
        const v = parseUlong(b, key.text, value, 'this 9pfs share');
        if (v !== undefined) got.set(key.text, v.toString());
        break;
      }
      case 'auto-delete':
        // strtoul(value, NULL, 0): never fails
        got.set('auto-delete', String(numInfo(b, value.text, value.start, 0)));
        break;
      default:
        b.fatal(key.start, key.end, `${R}unknown 9pfs parameter ${q(key.text)}` + didYouMean(key.text, P9_KEYS));
    }
  }
  const type = got.get('type') ?? 'qemu';
  for (const k of ['tag', 'security_model', ...(type === 'xen_9pfsd' ? [] : ['path'])]) {
    if (!got.has(k)) b.warn(0, text.length, `no \`${k}=\`: a 9pfs share needs it and libxl will fail to set it up`);
  }
  b.sum('tag', got.get('tag') ?? '(missing)');
  b.sum('security_model', got.get('security_model') ?? '(missing)');
  b.sum('path', got.get('path') ?? (type === 'xen_9pfsd' ? '<XEN_LOG_DIR>/guests/<name> (default)' : '(missing)'));
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('type', got.has('type') ? type : 'qemu (default)');
  for (const k of ['max-files', 'max-open-files', 'max-space', 'auto-delete']) if (got.has(k)) b.sum(k, got.get(k)!);
  return b.done();
}

// ---------------------------------------------------------------- vkb
const VKB_KEYS = [
  'unique-id', 'backend', 'backend-type', 'feature-disable-keyboard', 'feature-disable-pointer',
  'feature-abs-pointer', 'feature-raw-pointer', 'feature-multi-touch', 'multi-touch-width',
  'multi-touch-height', 'multi-touch-num-contacts', 'width', 'height',
];
export const vkbFields: SpecFieldDoc[] = [
  { name: 'backend-type', doc: 'Who serves the device (case-insensitive). Required.', values: ['qemu', 'linux'] },
  { name: 'backend', doc: 'Backend domain.', default: '0' },
  { name: 'unique-id', doc: 'Identifier passed to the backend.' },
  { name: 'feature-disable-keyboard', doc: 'Do not provide a keyboard.', values: ['0', '1'], default: '0' },
  { name: 'feature-disable-pointer', doc: 'Do not provide a pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-abs-pointer', doc: 'Absolute pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-raw-pointer', doc: 'Raw (unscaled) pointer events.', values: ['0', '1'], default: '0' },
  { name: 'feature-multi-touch', doc: 'Multi-touch device; needs the multi-touch sizes.', values: ['0', '1'], default: '0' },
  { name: 'multi-touch-width', doc: 'Multi-touch width (C number).' },
  { name: 'multi-touch-height', doc: 'Multi-touch height (C number).' },
  { name: 'multi-touch-num-contacts', doc: 'Number of touch contacts (C number).' },
  { name: 'width', doc: 'Absolute pointer width (C number).' },
  { name: 'height', doc: 'Absolute pointer height (C number).' },
];

export function parseVkb(text: string): SpecParse {
  const b = new Builder('vkb-spec', text);
  const R = 'xl refuses this vkb: ';
  const got = new Map<string, string>();
  let backendType: string | undefined;
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!k.hasEq || !VKB_KEYS.includes(k.key)) {
      b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.tok.text)} in vkb spec` + didYouMean(k.key, VKB_KEYS));
      continue;
    }
    if (k.key === 'backend-type') {
      const l = k.value.toLowerCase();
      if (l !== 'qemu' && l !== 'linux') b.fatal(k.valueStart, k.tok.end, `${R}unknown backend-type ${q(k.value)} (use qemu or linux)`);
      else backendType = l;
    } else if (k.key === 'backend' || k.key === 'unique-id') got.set(k.key, k.value);
    else got.set(k.key, String(numInfo(b, k.value, k.valueStart, 0)));
  }
  if (backendType === undefined && !b.problems.some((p) => p.message.includes('backend-type'))) {
    b.fatal(0, text.length, `${R}backend-type should be set in vkb spec (add \`backend-type=qemu\` or \`backend-type=linux\`)`);
  }
  const mt = ['multi-touch-width', 'multi-touch-height', 'multi-touch-num-contacts'].some((k) => (got.get(k) ?? '0') !== '0');
  if ((got.get('feature-multi-touch') ?? '0') !== '0' && !mt) {
    b.fatal(0, text.length, `${R}feature-multi-touch needs multi-touch-width, multi-touch-height and multi-touch-num-contacts`);
  }
  b.sum('backend-type', backendType ?? '(missing)');
  b.sum('backend', got.get('backend') ?? '0 (default)');
  if (mt) b.sum('feature-multi-touch', '1 (implied by the multi-touch sizes)');
  for (const k of VKB_KEYS) if (got.has(k) && k !== 'backend') b.sum(k, got.get(k)!);
  return b.done();
}

// ---------------------------------------------------------------- vfb
const VFB_KEYS = ['vnc', 'vnclisten', 'vncdisplay', 'vncunused', 'vncpasswd', 'sdl', 'opengl', 'display', 'xauthority', 'keymap'];
export const vfbFields: SpecFieldDoc[] = [
  { name: 'vnc', doc: 'Enable the VNC server.', values: ['0', '1'], default: '1' },
  { name: 'vnclisten', doc: 'Address (and optionally :display) the VNC server listens on.', default: '127.0.0.1' },
  { name: 'vncdisplay', doc: 'VNC display number (port 5900+N).' },
  { name: 'vncunused', doc: 'Pick the first unused display.', values: ['0', '1'], default: '1' },
  { name: 'vncpasswd', doc: 'VNC password (empty: none).' },
  { name: 'sdl', doc: 'Open an SDL window.', values: ['0', '1'], default: '0' },
  { name: 'opengl', doc: 'Use OpenGL for SDL.', values: ['0', '1'], default: '0' },
  { name: 'display', doc: 'X display for SDL.' },
  { name: 'xauthority', doc: 'Xauthority file for SDL.' },
  { name: 'keymap', doc: 'Keyboard layout, e.g. `en-us`.' },
];

export function parseVfb(text: string): SpecParse {
  const b = new Builder('vfb-spec', text);
  const got = new Map<string, string>();
  for (const k of strtokKv(text)) {
    if (!k.hasEq) {
      b.info(k.tok.start, text.length, `xl stops reading this vfb at ${q(k.tok.text)} (no \`=\`) and silently ignores the rest`);
      break;
    }
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!VFB_KEYS.includes(k.key)) {
      b.info(k.tok.start, k.tok.end, `xl silently ignores the unknown vfb key ${q(k.key)}` + didYouMean(k.key, VFB_KEYS));
      continue;
    }
    if (['vnc', 'vncdisplay', 'vncunused', 'sdl', 'opengl'].includes(k.key)) got.set(k.key, String(numInfo(b, k.value, k.valueStart, 10)));
    else got.set(k.key, k.value);
  }
  if ((got.get('vnclisten') ?? '').includes(':') && (got.get('vncdisplay') ?? '0') !== '0') {
    b.warn(0, text.length, 'the display is given both in vnclisten and vncdisplay');
  }
  b.sum('vnc', got.get('vnc') ?? '1 (default)');
  b.sum('vnclisten', got.get('vnclisten') ?? '127.0.0.1 (default)');
  b.sum('vncunused', got.get('vncunused') ?? '1 (default)');
  b.sum('sdl', got.get('sdl') ?? '0 (default)');
  for (const k of ['vncdisplay', 'keymap', 'display', 'xauthority', 'opengl']) if (got.has(k)) b.sum(k, got.get(k)!);
  if (got.has('vncpasswd')) b.sum('vncpasswd', got.get('vncpasswd') ? '(set)' : '(empty: no password)');
  return b.done();
}

// ---------------------------------------------------------------- pvcalls
export const pvcallsFields: SpecFieldDoc[] = [{ name: 'backend', doc: 'Domain serving PV calls.', default: '0' }];

export function parsePvcalls(text: string): SpecParse {
  const b = new Builder('pvcalls-spec', text);
  let backend: string | undefined;
  for (const k of strtokKv(text)) {
    if (!k.hasEq) {
      b.info(k.tok.start, text.length, `xl stops reading this entry at ${q(k.tok.text)} (no \`=\`) and silently ignores the rest`);
      break;
    }
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (k.key === 'backend') backend = k.value;
    else b.fatal(k.tok.start, k.tok.end, `xl refuses this pvcalls entry: unknown string ${q(k.key)} (only backend)`);
  }
  b.sum('backend', backend ?? '0 (default)');
  return b.done();
}

// ---------------------------------------------------------------- vdispl
export const vdisplFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain serving the display.', default: '0' },
  { name: 'be-alloc', doc: 'The backend allocates the display buffers.', values: ['0', '1'], default: '0' },
  { name: 'connectors', doc: 'Semicolon list of `ID:WIDTHxHEIGHT`, e.g. `id0:1920x1080;id1:800x600`. At least one.' },
];

export function parseVdispl(text: string): SpecParse {
  const b = new Builder('vdispl-spec', text);
  const R = 'xl refuses this vdispl: ';
  const got = new Map<string, string>();
  let connectors = 0;
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!k.hasEq || !['backend', 'be-alloc', 'connectors'].includes(k.key)) {
      b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.tok.text)} in vdispl spec` + didYouMean(k.key, ['backend', 'be-alloc', 'connectors']));
      continue;
    }
    if (k.key === 'connectors') {
      const list: string[] = [];
      for (const c of strtok(k.value, ';')) {
        const cs = k.valueStart + c.start;
        const colon = c.text.indexOf(':');
        const res = colon < 0 ? '' : c.text.slice(colon + 1);
        if (colon < 0 || !/^[0-9]+x[0-9]+$/.test(res)) {
          b.fatal(cs, cs + c.text.length, `${R}can't parse connector ${q(c.text)} (form \`ID:WIDTHxHEIGHT\`, e.g. \`id0:1920x1080\`)`);
          continue;
        }
        connectors++;
        list.push(`${c.text.slice(0, colon)} ${res}`);
      }
      got.set('connectors', list.join('; '));
    } else if (k.key === 'be-alloc') got.set(k.key, String(numInfo(b, k.value, k.valueStart, 10)));
    else got.set(k.key, k.value);
  }
  if (connectors === 0 && !b.problems.some((p) => p.message.includes('connector'))) b.fatal(0, text.length, `${R}at least one connector should be specified (\`connectors=id0:1920x1080\`)`);
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('be-alloc', got.get('be-alloc') ?? '0 (default)');
  b.sum('connectors', got.get('connectors') || '(none)');
  return b.done();
}

// ---------------------------------------------------------------- virtio
export const virtioFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the virtio backend.', default: '0' },
  { name: 'type', doc: 'Device type, `virtio,deviceN` (N is the virtio device id); the comma is allowed here.' },
  { name: 'transport', doc: 'Transport (case-insensitive).', values: ['mmio'], default: 'mmio' },
  { name: 'grant_usage', doc: 'Use grant mappings for the device memory.', values: ['0', '1'], default: '1 if the backend is not dom0' },
];

export function parseVirtio(text: string): SpecParse {
  const b = new Builder('virtio-spec', text);
  const R = 'xl refuses this virtio device: ';
  const got = new Map<string, string>();
  const toks = strtokKv(text);
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i];
    let value = k.value;
    let end = k.tok.end;
    // parse_virtio_list: `type=virtio,deviceN` — the next token is glued back
    if (k.key === 'type' && k.hasEq && value === 'virtio' && i + 1 < toks.length && !toks[i + 1].hasEq) {
      const nx = toks[i + 1];
      value = text.slice(k.valueStart, nx.tok.end);
      end = nx.tok.end;
      i++;
    }
    b.field(k.key, value, k.tok.start, end, k.valueStart);
    if (!k.hasEq || !['backend', 'type', 'transport', 'grant_usage'].includes(k.key)) {
      b.fatal(k.tok.start, end, `${R}unknown string ${q(k.tok.text)} in virtio spec` + didYouMean(k.key, ['backend', 'type', 'transport', 'grant_usage']));
      continue;
    }
    if (k.key === 'transport' && value.toLowerCase() !== 'mmio') b.fatal(k.valueStart, end, `${R}unknown transport ${q(value)} (only mmio)`);
    else if (k.key === 'type' && !/^virtio,device[0-9]+$/.test(value)) b.warn(k.valueStart, end, `type ${q(value)} is not of the form \`virtio,deviceN\``);
    got.set(k.key, value);
  }
  if (!got.has('type')) b.warn(0, text.length, 'no `type=`: the guest cannot tell which virtio device this is');
  b.sum('type', got.get('type') ?? '(missing)');
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('transport', got.get('transport') ?? 'mmio (default)');
  b.sum('grant_usage', got.get('grant_usage') ?? 'on unless the backend is dom0 (default)');
  return b.done();
}

// ---------------------------------------------------------------- arm_sci
export const armSciFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Arm SCI mediator (case-insensitive).', values: ['none', 'scmi_smc'], default: 'none' },
];

export function parseArmSci(text: string): SpecParse {
  const b = new Builder('arm-sci-spec', text);
  let type: string | undefined;
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (k.key === 'type' && k.hasEq) {
      const l = k.value.toLowerCase();
      if (l !== 'none' && l !== 'scmi_smc') b.fatal(k.valueStart, k.tok.end, `xl refuses arm_sci: unknown type ${q(k.value)} (use none or scmi_smc)`);
      else type = l;
    } else b.info(k.tok.start, k.tok.end, `xl silently ignores ${q(k.tok.text)} in arm_sci`);
  }
  b.sum('type', type ?? 'none (default)');
  return b.done();
}

const mk = (syntax: string, parse: (t: string) => SpecParse, fields: SpecFieldDoc[]): SpecLanguage => ({ syntax, parse, fields });
export const vnumaSpec = mk('vnuma-vnode', parseVnumaItem, vnumaFields);
export const channelSpec = mk('channel-spec', parseChannel, channelFields);
export const usbctrlSpec = mk('usbctrl-spec', parseUsbctrl, usbctrlFields);
export const usbdevSpec = mk('usbdev-spec', parseUsbdev, usbdevFields);
export const vtpmSpec = mk('vtpm-spec', parseVtpm, vtpmFields);
export const p9Spec = mk('p9-spec', parseP9, p9Fields);
export const vkbSpec = mk('vkb-spec', parseVkb, vkbFields);
export const vfbSpec = mk('vfb-spec', parseVfb, vfbFields);
export const pvcallsSpec = mk('pvcalls-spec', parsePvcalls, pvcallsFields);
export const vdisplSpec = mk('vdispl-spec', parseVdispl, vdisplFields);
export const virtioSpec = mk('virtio-spec', parseVirtio, virtioFields);
export const armSciSpec = mk('arm-sci-spec', parseArmSci, armSciFields);

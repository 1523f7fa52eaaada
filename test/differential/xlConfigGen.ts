// Seeded generator of whole xl.cfg files for the differential test of the xl model against Xen's
// real xl (xl -N create). Every key xl 4.17 and 4.20 read (tools/xl/xl_parse.c: parse_config_data
// at the commits of server/src/libxl/releases.ts) is a row of KEYS with the values to try: right
// ones, and wrong ones for its kind (words for booleans, units, lists for strings and strings for
// lists, `+=`, out of range, octal and hex, enum case, prefixes and garbage). The sub-languages
// inside strings are field tables (SPECS). RELATIONS set several keys that xl checks against each
// other. A config is mostly valid for its guest type, with 0-3 mistakes; a small share is broken
// for libxlutil's parser or has no `name`. Everything is a pure function of (seed, index).
import { GUEST_TYPES, type GuestType } from '../../server/src/guest';
import { Rng } from './generate';
import { DEFAULT_SEED } from '../fc-seed';

export { GUEST_TYPES, type GuestType };

/** XLGEN_SEED, else FC_SEED, else the default: `npm test` is reproducible, exploration is one env var away. */
export function xlGenSeed(): number {
  return Number(process.env.XLGEN_SEED ?? process.env.FC_SEED ?? DEFAULT_SEED);
}

// ---------------------------------------------------------------------------------------------
// Values. A value is what libxlutil stores: an atom (always a string to xl's getters; written as a
// NUMBER token or quoted) or a list of values.

/** An atom written as a NUMBER token when the lexer allows it (else quoted), or a quoted string. */
export type Val = { n: string } | { s: string } | Val[];

const S = (s: string): Val => ({ s });
const N = (n: string | number): Val => ({ n: String(n) });
const L = (...items: Val[]): Val => items;
const strs = (...items: string[]): Val => items.map(S);

const NUMBER_TOKEN = /^[0-9][0-9a-fx]*$/;

function quote(r: Rng, s: string): string {
  // libxlutil's escapes: only these are safe; anything else stays raw. The other quote kind may
  // appear raw, so a string holding a `"` is written in single quotes when it has no `'`.
  const esc = (q: string): string => s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), '\\' + q);
  if (s.includes('"') && !s.includes("'")) return `'${s.replace(/\\/g, '\\\\')}'`;
  return r.chance(0.9) ? `"${esc('"')}"` : `'${esc("'")}'`;
}

function render(r: Rng, v: Val, depth = 0): string {
  if (Array.isArray(v)) {
    if (!v.length) return r.pick(['[]', '[ ]', '[\n]']);
    const items = v.map((x) => render(r, x, depth + 1));
    const multi = depth === 0 && items.length > 1 && r.chance(0.3);
    const trailing = r.chance(0.15) ? ',' : '';
    if (multi) return `[\n${items.map((i) => `    ${i},`).join('\n')}\n]`;
    const sep = r.pick([', ', ',', ' , ']);
    return r.chance(0.7) ? `[ ${items.join(sep)}${trailing} ]` : `[${items.join(sep)}${trailing}]`;
  }
  if ('n' in v) return NUMBER_TOKEN.test(v.n) && r.chance(0.85) ? v.n : quote(r, v.n);
  return quote(r, v.s);
}

// ---------------------------------------------------------------------------------------------
// Generators of values. A Gen draws one value; tables hold arrays of values or Gens.

type Gen = (r: Rng, c: Ctx) => Val;
type Pool = ReadonlyArray<Val | Gen>;

/** What the config being built already holds, for values that depend on it. */
interface Ctx {
  type: GuestType;
  /** Chance that a sub-language field gets a wrong value (raised while placing a mistake). */
  specNoise: number;
}

function draw(r: Rng, c: Ctx, pool: Pool): Val {
  const x = r.pick(pool);
  return typeof x === 'function' ? x(r, c) : x;
}

const words = (...ws: string[]): Val[] => ws.map(S);
const nums = (...ns: Array<string | number>): Val[] => ns.map(N);

/**
 * Wrong and edge values by the kind of a key: what people get wrong about xl.cfg's types, and the
 * forms strtol also reads.
 */
const TRICKY_BY_KIND = {
  bool: [
    ...words('true', 'false', 'yes', 'no', 'on', 'off', 'True', 'enabled', 'none', ''),
    ...nums('2', '-1', '0x1', '010', '08', '1e0', '99999999999999999999', ' 1', '1 '),
    L(N(1)),
    L(),
  ],
  int: [
    ...nums('-1', '0', '08', '010', '0x10', '0x', '1e3', '12abc', '1.5', '+7', ' 3', '3 ', ''),
    ...nums('2147483647', '2147483648', '4294967296', '9223372036854775807', '9223372036854775808'),
    ...nums('-9223372036854775808', '-9223372036854775809', '0xffffffffffffffff', '0x7fffffffffffffff'),
    ...words('four', 'default', 'unknown'),
    L(N(4)),
    L(),
  ],
  mem: [
    ...nums('512M', '1G', '1g', '2048k', '1024MB', '1T', '0', '-512', '0x400', '01000', '08', '1.5'),
    ...nums('9007199254740993', '9223372036854775807', '99999999999999999999', '18014398509481984'),
    ...words('lots', ''),
    L(N(512)),
  ],
  string: [L(S('x')), L(), L(S('a'), S('b')), L(L(S('nested')))],
  enum: [...words('', 'unknown', 'garbage', 'default', 'none', '1', ' '), L(S('x'))],
  list: [S('single'), S(''), N(1), L(L(S('nested'))), L(S('')), L(N(5))],
} as const;
type Kind = keyof typeof TRICKY_BY_KIND;

// ---------------------------------------------------------------------------------------------
// Sub-languages: one spec string is built from a table of fields, each with values to try.

interface SpecField {
  name: string;
  good: readonly string[];
  bad?: readonly string[];
  /** A token with no `=` (`trusted`, `cdrom`, ...). */
  flag?: boolean;
}

interface SpecLang {
  /** Fields every valid spec carries. */
  required: readonly string[];
  fields: readonly SpecField[];
  /** Whole strings worth trying as they are: legacy and positional forms, edge cases. */
  specials?: readonly string[];
  /** Separator between fields. */
  sep?: string;
}

const f = (name: string, good: readonly string[], bad: readonly string[] = []): SpecField => ({ name, good, bad });
const flag = (name: string): SpecField => ({ name, good: [''], flag: true });

const HEX_MAC = ['00:16:3e:00:00:01', '00:16:3E:5a:bc:de', '02:00:00:00:00:ff'];
const DOMAIN = ['0', 'Domain-0', 'driver-dom', 'nosuchdom'];
const UUID = ['f2a0c7b2-7a6d-4a37-b7c1-1a2b3c4d5e6f', '00000000-0000-0000-0000-000000000000'];
const BAD_UUID = ['not-a-uuid', 'f2a0c7b27a6d4a37b7c11a2b3c4d5e6f', 'f2a0c7b2-7a6d-4a37-b7c1-1a2b3c4d5e6', ''];

export const SPECS: Record<string, SpecLang> = {
  // tools/libs/util/libxlu_disk_l.l
  disk: {
    required: ['target', 'vdev'],
    fields: [
      f('format', ['raw', 'qcow2', 'qcow', 'vhd', 'qed', 'empty'], ['iso', 'RAW', '']),
      f('vdev', ['xvda', 'xvdb', 'hda', 'hdc', 'sda', 'xvdaa', 'd0p1', 'xvda1'], ['xvd', 'floppy', '', 'zz9']),
      f('access', ['rw', 'ro', 'r', 'w'], ['readonly', 'x', '']),
      f('devtype', ['disk', 'cdrom'], ['usb', '']),
      f('backend', DOMAIN),
      f('backendtype', ['phy', 'tap', 'qdisk', 'standalone'], ['file', 'PHY', '']),
      f('specification', ['xen', 'virtio'], ['scsi']),
      f('script', ['block-iscsi', '/etc/xen/scripts/block']),
      f('colo-host', ['10.0.0.1']),
      f('colo-port', ['9000'], ['x', '99999999999']),
      f('colo-export', ['e1']),
      f('active-disk', ['/a.img']),
      f('hidden-disk', ['/h.img']),
      f('grant_usage', ['0', '1'], ['2']),
      flag('cdrom'),
      flag('direct-io-safe'),
      flag('discard'),
      flag('no-discard'),
      flag('colo'),
      flag('trusted'),
      flag('untrusted'),
      f('target', ['/dev/vg/guest', '/srv/xen/guest.img', 'iscsi:iqn.2001-05.com.x:t', '', 'a=b,c']),
    ],
    specials: [
      'phy:/dev/vg/guest,xvda,w',
      'file:/srv/guest.img,xvda1,w',
      'tap:aio:/srv/guest.img,xvda,w',
      'tap2:tapdisk:aio:/srv/g.img,xvda,w',
      '/dev/vg/guest,raw,xvda,rw',
      ',hdc:cdrom,r',
      '/iso/x.iso,,hdc,cdrom',
      'qcow2:/srv/g.qcow2,xvda,w',
      'aio:/srv/g.img,xvda,w',
      'iscsi:/dev/x,xvda,w',
      'phy:/dev/vg/guest,xvda,w,extra',
      'format=raw, vdev=xvda, access=rw, target=/dev/vg/guest',
      '/dev/vg/guest,xvda',
      '/dev/vg/g,raw,xvda,rw,bogus',
      'vdev=xvda',
      'target=/dev/x',
      '',
      ',,,',
      'bogus:/x,xvda,w',
      'phy:/dev/x,xvda:cdrom,r',
      'xvda',
    ],
  },
  // xl_parse.c: parse_nic_config; tools/libs/util/libxlu_vif.c (rate)
  vif: {
    required: [],
    fields: [
      f('mac', HEX_MAC, ['00:16:3e:00:00', '00:16:3e:00:00:zz', '100:16:3e:00:00:01', '']),
      f('bridge', ['xenbr0', 'br-lan']),
      f('ip', ['10.0.0.2', '10.0.0.2 10.0.0.3']),
      f('script', ['vif-bridge', '/etc/xen/scripts/vif-route']),
      f('backend', DOMAIN),
      f('vifname', ['vif-guest', 'eth9']),
      f('model', ['e1000', 'rtl8139', 'virtio-net']),
      f(
        'rate',
        ['10Mb/s', '100MB/s', '1Gb/s@20ms', '5Mb/s@1000us', '100GB/s', '1kb/s'],
        ['fast', '', '10Mb', '1Mb/s@', '99999999999GB/s', '10Mb/s@1h'],
      ),
      f('type', ['vif', 'ioemu'], ['VIF', 'netfront', '']),
      f('mtu', ['1500', '9000', '0'], ['-1', 'big', '']),
      f('devid', ['0', '3', '7'], ['x', '-1', '']),
      f('gatewaydev', ['eth0']),
      f('netdev', ['eth0']),
      f('accel', ['1']),
      f('vlan', ['10', '10p,20']),
      f('forwarddev', ['eth1']),
      f('colo_sock_mirror_id', ['m1']),
      f('colo_checkpoint_port', ['9000']),
      flag('trusted'),
      flag('untrusted'),
    ],
    specials: [
      '',
      'bridge=xenbr0',
      'mac=00:16:3e:01:02:03,bridge=xenbr0',
      ',',
      'bogus',
      'bridge',
      'rate=10Mb/s@20ms,ip=1.2.3.4',
    ],
  },
  // tools/libs/util/libxlu_pci.c: xlu_pci_parse_spec_string
  pci: {
    required: [],
    fields: [
      f('permissive', ['0', '1']),
      f('msitranslate', ['0', '1'], ['x']),
      f('seize', ['0', '1']),
      f('power_mgmt', ['0', '1']),
      f('rdm_policy', ['strict', 'relaxed'], ['loose', '']),
      f('vslot', ['0x5', '6'], ['zz']),
      f('bogus', ['1']),
    ],
    specials: [
      '01:00.0',
      '0000:01:00.0',
      '02:00.1',
      '03:00.*',
      '01:00.0@8',
      '0000:03:00.0@0x1f',
      'bdf=01:00.0',
      'name=gpu0',
      'bdf=01:00.0,name=gpu0',
      '01:00',
      '1:0.0',
      'zz:00.0',
      '01:00.8',
      '01:20.0',
      '',
      '01:00.0,',
      '01:00.0@',
      'name=',
    ],
  },
  // xl_parse.c: parse_usbctrl_config
  usbctrl: {
    required: [],
    fields: [
      f('type', ['auto', 'pv', 'devicemodel', 'qusb', 'PV'], ['usb3', '']),
      f('version', ['1', '2', '3', '0'], ['x', '-1']),
      f('ports', ['4', '8', '15', '31', '0'], ['x', '99']),
      f('bogus', ['1']),
    ],
    specials: ['', 'version=2', 'type=pv,version=2,ports=4'],
  },
  // xl_parse.c: parse_usbdev_config
  usbdev: {
    required: ['hostbus', 'hostaddr'],
    fields: [
      f('type', ['hostdev', 'HOSTDEV'], ['host', '']),
      f('hostbus', ['1', '2', '0x3'], ['x']),
      f('hostaddr', ['1', '5', '010'], ['x']),
      f('controller', ['0', '1'], ['x', '-1']),
      f('port', ['1', '2'], ['x']),
      f('bogus', ['1']),
    ],
    specials: ['', 'hostbus=1,hostaddr=2'],
  },
  // xl_parse.c: vtpm list
  vtpm: {
    required: ['backend'],
    fields: [f('backend', ['vtpmdom', '0']), f('uuid', UUID, BAD_UUID), f('bogus', ['1'])],
    specials: ['', 'backend=vtpm,uuid', 'uuid=' + UUID[0]],
  },
  // xl_parse.c: p9 list (4.17: fixed fields; 4.20 adds type, max-* and auto-delete)
  p9: {
    required: ['tag', 'path', 'security_model'],
    fields: [
      f('tag', ['share', 'root']),
      f('path', ['/srv/share', '']),
      f('security_model', ['none', 'mapped', 'passthrough']),
      f('backend', DOMAIN),
      f('type', ['qemu', 'xen_9pfsd', 'QEMU'], ['9pfs', '']),
      f('max-files', ['100', '0'], ['x', '-1']),
      f('max-open-files', ['10'], ['x']),
      f('max-space', ['1024'], ['x']),
      f('auto-delete', ['0', '1', 'x']),
      f('bogus', ['1']),
    ],
    specials: [
      '',
      'tag=share',
      'type=xen_9pfsd,tag=t,security_model=none',
      'tag=share,path',
      ' tag = share , path = /s , security_model = none',
    ],
  },
  // xl_parse.c: pvcalls list
  pvcalls: {
    required: [],
    fields: [f('backend', DOMAIN), f('bogus', ['1'])],
    specials: ['', 'backend', 'backend=0'],
  },
  // xl_parse.c: vfb list
  vfb: {
    required: [],
    fields: [
      f('vnc', ['0', '1', 'x']),
      f('vnclisten', ['0.0.0.0', '127.0.0.1:1']),
      f('vncpasswd', ['secret', '']),
      f('vncdisplay', ['0', '1', 'x']),
      f('vncunused', ['0', '1']),
      f('keymap', ['en-us', 'de', 'xx']),
      f('sdl', ['0', '1']),
      f('opengl', ['0', '1']),
      f('display', [':0']),
      f('xauthority', ['/root/.Xauthority']),
      f('bogus', ['1']),
    ],
    specials: ['', 'vnc=1', 'vnc', 'type=vnc'],
  },
  // xl_parse.c: parse_vkb_config
  vkb: {
    required: ['backend-type'],
    fields: [
      f('backend', DOMAIN),
      f('backend-type', ['qemu', 'linux', 'QEMU'], ['unknown', 'xen', '']),
      f('unique-id', ['k0']),
      f('feature-disable-keyboard', ['0', '1']),
      f('feature-disable-pointer', ['0', '1']),
      f('feature-abs-pointer', ['0', '1']),
      f('feature-raw-pointer', ['0', '1']),
      f('feature-multi-touch', ['0', '1']),
      f('multi-touch-width', ['100']),
      f('multi-touch-height', ['100']),
      f('multi-touch-num-contacts', ['5']),
      f('width', ['1024', 'x']),
      f('height', ['768']),
      f('bogus', ['1']),
    ],
    specials: ['', 'backend-type=linux,feature-multi-touch=1'],
  },
  // xl_parse.c: parse_vdispl_config
  vdispl: {
    required: ['connectors'],
    fields: [
      f('backend', DOMAIN),
      f('be-alloc', ['0', '1']),
      f('connectors', ['id0:1920x1080', 'id0:1920x1080;id1:800x600', 'c:1x1'], ['id0', 'id0:big', 'id0:1920', ':1x1']),
      f('bogus', ['1']),
    ],
    specials: ['', 'backend=0'],
  },
  // xl_parse.c: channel list
  channel: {
    required: ['connection'],
    fields: [
      f('name', ['org.qemu.guest_agent.0', 'c1']),
      f('connection', ['pty', 'socket'], ['PTY', 'tcp', '']),
      f('path', ['/run/xen/c.sock']),
      f('backend', DOMAIN),
      f('bogus', ['1']),
    ],
    specials: ['', 'name=c', 'connection=socket', ' connection = pty ', 'connection'],
  },
  // xl_parse.c: parse_virtio_config (4.18+)
  virtio: {
    required: ['type', 'transport'],
    fields: [
      f('backend', DOMAIN),
      f('type', ['virtio,device22', 'virtio,device1a', 'custom'], ['']),
      f('transport', ['mmio', 'MMIO'], ['pci', '']),
      f('grant_usage', ['0', '1', 'x']),
      f('bogus', ['1']),
    ],
    specials: ['', 'type=virtio'],
  },
  // libxl_cpuid.c: libxl_cpuid_parse_config_xend (list form items)
  cpuidXend: {
    required: [],
    fields: [],
    specials: [
      '0x00000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0',
      '0x00000001:edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,ecx=x1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0',
      '0x80000001,0:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '0x00000001:ecx=0',
      '0x00000001',
      '0x00000001:eex=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'zz:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '0x00000007,zz:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '',
    ],
  },
  // xl_parse.c: vnuma vnode items (each vnode is a list of these)
  vnode: {
    required: ['size', 'vcpus'],
    fields: [
      f('pnode', ['0', '1', '7'], ['8', '63', 'x', '-1']),
      f('size', ['512', '1024', '256'], ['x', '0', '512M']),
      f('vcpus', ['0', '0-1', '1', '2-3', '0,2'], ['x', '3-1', '']),
      f('vdistances', ['10,20', '10', '20,10', '10,20,30'], ['x']),
      f('bogus', ['1']),
    ],
  },
  // xl_parse.c: parse_vsnd_item, one item of a card list
  vsndItem: {
    required: [],
    fields: [],
    specials: [
      'card, short-name=Card0, long-name=Virtual sound card',
      'card,backend=0',
      'card, sample-rates=8000;44100, sample-formats=s16_le;u8',
      'card, channels-min=1, channels-max=2, buffer-size=65536',
      'pcm, name=pcm0',
      'stream, unique-id=s0, type=p',
      'stream, unique-id=s1, type=c',
      'STREAM, type=P',
      'stream, type=x',
      'card, sample-formats=bogus',
      'bogus',
      'card, bogus=1',
      'pcm, sample-rates=x',
      'stream, sample-formats=float_le',
      'card',
      'pcm',
      'stream',
      '',
    ],
  },
};

/** One spec string of a language: its required fields and a few others, or a special form. */
function spec(lang: SpecLang, r: Rng, c: Ctx): string {
  if (lang.specials?.length && (!lang.fields.length || r.chance(0.3))) return r.pick(lang.specials);
  const chosen = new Map<string, SpecField>();
  for (const name of lang.required) {
    if (r.chance(0.95 - c.specNoise * 0.3)) chosen.set(name, lang.fields.find((x) => x.name === name)!);
  }
  for (let n = r.int(4); n > 0; n--) {
    const x = r.pick(lang.fields);
    if (x.name === 'bogus' && !r.chance(c.specNoise)) continue;
    chosen.set(x.name, x);
  }
  const parts = [...chosen.values()].map((x) => {
    if (x.flag) return x.name;
    const bad = x.bad?.length && r.chance(c.specNoise);
    return `${x.name}=${r.pick(bad ? x.bad! : x.good)}`;
  });
  // The disk target eats the rest of the string: keep it last, as people do.
  parts.sort((a, b) => Number(a.startsWith('target=')) - Number(b.startsWith('target=')));
  return parts.join(r.pick([',', ',', ', ']));
}

/** A list of 1..max spec strings of one language. */
const specList =
  (lang: string, max = 3): Gen =>
  (r, c) =>
    Array.from({ length: 1 + r.int(max) }, () => S(spec(SPECS[lang], r, c)));

// ---------------------------------------------------------------------------------------------
// Values of the keys with a language of their own that is not a comma-separated spec.

const CPU_ITEMS = [
  '0',
  '1',
  '3',
  '0-3',
  '2-5',
  '0,2,4',
  '^1',
  '0-7,^3',
  'node:0',
  'nodes:0-1',
  '^node:1',
  'all',
  '63',
  '4-7',
];
const BAD_CPU_ITEMS = ['', '64', '128', '3-1', 'x', '^all', 'node:8', 'nodes:all', '0-', '1,,2', 'node:', ' 1'];
const cpus: Gen = (r, c) => {
  const item = (): string => (r.chance(0.15 + c.specNoise) ? r.pick(BAD_CPU_ITEMS) : r.pick(CPU_ITEMS));
  if (r.chance(0.6)) return S(item());
  return Array.from({ length: 1 + r.int(6) }, () => S(item()));
};

const CPUID_NAMES = [
  'sse3',
  'vmx',
  'aes',
  'avx',
  'avx2',
  'x2apic',
  'hypervisor',
  'pae',
  'nx',
  'tm',
  'family',
  'model',
  'stepping',
  'sse4.1',
  'sse4_2',
  'invtsc',
  'svm',
  'bogusflag',
];
const CPUID_VALUES = ['0', '1', 'x', 'k', 's', '2', '6', 'q', ''];
const cpuid: Gen = (r) => {
  if (r.chance(0.4)) return Array.from({ length: 1 + r.int(3) }, () => S(r.pick(SPECS.cpuidXend.specials!)));
  const flags = Array.from({ length: r.int(4) }, () =>
    r.chance(0.9) ? `${r.pick(CPUID_NAMES)}=${r.pick(CPUID_VALUES)}` : r.pick(CPUID_NAMES),
  );
  const head = r.chance(0.9) ? 'host' : r.pick(['', 'hots', 'sse3=0']);
  return S([head, ...flags].join(','));
};

const vnuma: Gen = (r, c) =>
  Array.from({ length: 1 + r.int(3) }, () => {
    const node = spec(SPECS.vnode, r, c);
    // Each vnode is a list of "key=value" strings (a plain string is a mistake).
    if (r.chance(0.05 + c.specNoise * 0.2)) return S(node);
    return node.split(/,(?=[a-z-]+=)/).map((kv) => S(kv.trim()));
  });

const vsnd: Gen = (r, c) =>
  Array.from({ length: 1 + r.int(2) }, () => {
    if (r.chance(0.05 + c.specNoise * 0.2)) return S(spec(SPECS.vsndItem, r, c));
    return Array.from({ length: 1 + r.int(4) }, () => S(r.pick(SPECS.vsndItem.specials!)));
  });

const VIRIDIAN = [
  'base',
  'freq',
  'time_ref_count',
  'reference_tsc',
  'hcall_remote_tlb_flush',
  'apic_assist',
  'crash_ctl',
  'synic',
  'stimer',
  'hcall_ipi',
  'ex_processor_masks',
  'no_vp_limit',
  'cpu_hotplug',
  'all',
  'defaults',
];
const viridian: Gen = (r, c) => {
  if (r.chance(0.3)) return N(r.pick(['0', '1']));
  return Array.from({ length: 1 + r.int(4) }, () => {
    if (r.chance(c.specNoise)) return S(r.pick(['bogus', 'BASE', '!', '', '!all']));
    return S((r.chance(0.2) ? '!' : '') + r.pick(VIRIDIAN));
  });
};

const IOPORTS = ['3f8-3ff', '2f8', '0x3f8-0x3ff', '60-64', 'cf8-cff'];
const BAD_IOPORTS = ['zz', '3ff-3f8', '3f8-', '3f8x', '100000000', 'ffffffff', '3f8-zz', ''];
const IRQS = ['3', '4', '10', '0', '255'];
const BAD_IRQS = ['x', '3x', '-1', '4294967295', '4294967296', '0x10', ''];
const IOMEM = ['fee00,1', 'fee00,1@fee00', 'f0000000,10', 'a0000,20@a0000', '0,1'];
const BAD_IOMEM = ['fee00', 'fee00,', 'zz,1', 'fee00,1@', 'fee00,1x', ''];
const LLC = ['0-3', '5', '0', '8-15', '1-1'];
const BAD_LLC = ['3-1', 'x', '-1', '', '4294967296'];
const SMBIOS_KEYS = [
  'bios_vendor',
  'bios_version',
  'system_manufacturer',
  'system_product_name',
  'system_version',
  'system_serial_number',
  'baseboard_manufacturer',
  'baseboard_product_name',
  'baseboard_version',
  'baseboard_serial_number',
  'baseboard_asset_tag',
  'baseboard_location_in_chassis',
  'enclosure_manufacturer',
  'enclosure_serial_number',
  'enclosure_asset_tag',
  'battery_manufacturer',
  'battery_device_name',
  'oem',
];
const BAD_SMBIOS = ['bios_vendor=', 'nosuchtype=x', 'bios_vendor', 'BIOS_VENDOR=x', '=x', ''];

/** A list of items from `good`, with a wrong one now and then. */
const itemList =
  (good: readonly string[], bad: readonly string[], max = 4): Gen =>
  (r, c) =>
    Array.from({ length: 1 + r.int(max) }, () => S(r.chance(0.1 + c.specNoise) ? r.pick(bad) : r.pick(good)));

const smbios: Gen = (r, c) =>
  Array.from({ length: 1 + r.int(4) }, () =>
    S(r.chance(0.1 + c.specNoise) ? r.pick(BAD_SMBIOS) : `${r.pick(SMBIOS_KEYS)}=${r.pick(['Acme', 'v1.0', 'x y'])}`),
  );

// ---------------------------------------------------------------------------------------------
// Every key xl reads (4.17 and 4.20), with the guest types whose branch of parse_config_data reads
// it (absent: every type), its kind (for generic mistakes), right values and key-specific wrong ones.

interface KeyRow {
  key: string;
  kind: Kind;
  good: Pool;
  bad?: Pool;
  types?: readonly GuestType[];
  /** First release that reads it (keys of later releases are ignored by older ones: worth trying). */
  since?: string;
}

const HVM: readonly GuestType[] = ['hvm'];
const NOT_PV: readonly GuestType[] = ['pvh', 'hvm'];

const bool = (key: string, types?: readonly GuestType[], since?: string): KeyRow => ({
  key,
  kind: 'bool',
  good: nums(0, 1),
  types,
  since,
});
const int = (
  key: string,
  good: Array<string | number>,
  bad: Array<string | number> = [],
  types?: readonly GuestType[],
  since?: string,
): KeyRow => ({ key, kind: 'int', good: nums(...good), bad: nums(...bad), types, since });
const mem = (
  key: string,
  good: Array<string | number>,
  bad: Array<string | number> = [],
  types?: readonly GuestType[],
): KeyRow => ({ key, kind: 'mem', good: nums(...good), bad: nums(...bad), types });
const str = (key: string, good: string[], types?: readonly GuestType[], since?: string): KeyRow => ({
  key,
  kind: 'string',
  good: words(...good),
  types,
  since,
});
const enm = (key: string, good: string[], bad: string[], types?: readonly GuestType[], since?: string): KeyRow => ({
  key,
  kind: 'enum',
  good: words(...good),
  bad: words(...bad),
  types,
  since,
});
const list = (key: string, good: Pool, types?: readonly GuestType[], since?: string): KeyRow => ({
  key,
  kind: 'list',
  good,
  types,
  since,
});

const ACTIONS = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
  'soft-reset',
];
const BAD_ACTIONS = ['Destroy', 'reboot', 'restart-rename', 'coredump', 'soft_reset', 'des'];
const PATH = ['/boot/vmlinuz', '/var/lib/xen/k', '/usr/lib/xen/boot/hvmloader', ''];

export const KEYS: readonly KeyRow[] = [
  // create info
  str('name', ['guest', 'web-01', 'a', 'x.y_z', '']),
  enm('type', ['pv', 'pvh', 'hvm'], ['PV', 'HVM', 'h', 'p', 'pvhx', 'xen', '']),
  enm('builder', ['generic', 'hvm'], ['linux', 'g', 'h', 'Generic', '']),
  bool('hap'),
  { key: 'uuid', kind: 'string', good: words(...UUID), bad: words(...BAD_UUID, 'unknown') },
  bool('oos'),
  str('pool', ['Pool-0', 'pool1']),
  str('seclabel', ['system_u:system_r:domU_t', 'x']),
  str('init_seclabel', ['system_u:system_r:domU_t_building', 'y']),
  bool('pvshim', ['pvh']),
  str('pvshim_path', ['/usr/lib/xen/boot/xen-shim'], ['pvh']),
  str('pvshim_cmdline', ['pv-shim console=xen,pvh'], ['pvh']),
  str('pvshim_extra', ['loglvl=all'], ['pvh']),
  enm('passthrough', ['default', 'disabled', 'enabled', 'sync_pt', 'share_pt', 'Enabled'], ['on', 'sync', '']),
  bool('driver_domain'),
  bool('xend_suspend_evtchn_compat'),
  // scheduling
  int('cpu_weight', [256, 512, 1, 65535], [0, 65536, -1]),
  int('cap', [0, 50, 100, 400], [-1, 10000]),
  int('period', [10000, 100]),
  int('slice', [5000]),
  int('latency', [100]),
  int('extratime', [0, 1]),
  // memory and vcpus
  mem('memory', [512, 1024, 2048, 256, 128, 4096], [0, -1, '17179869184']),
  mem('maxmem', [1024, 2048, 4096, 512], [0, -1]),
  int('vcpus', [1, 2, 4, 8], [0, -1, 65, 4096, '2147483648']),
  int('maxvcpus', [1, 2, 4, 8, 16], [0, -1, 65, 4096]),
  { key: 'cpus', kind: 'string', good: [cpus] },
  { key: 'cpus_soft', kind: 'string', good: [cpus] },
  { key: 'vnuma', kind: 'list', good: [vnuma] },
  mem('shadow_memory', [8, 16, 0], [-1]),
  mem('videoram', [8, 16, 128], [-1]),
  int('max_event_channels', [1023, 4096], [-1]),
  { key: 'max_grant_frames', kind: 'int', good: nums(32, 64, 0), bad: nums(-1, '2147483648', '0x80000000') },
  { key: 'max_maptrack_frames', kind: 'int', good: nums(1024, 0), bad: nums(-1, '2147483648') },
  { key: 'max_grant_version', kind: 'int', good: nums(1, 2), bad: nums(-1, '2147483648', 3) },
  { key: 'llc_colors', kind: 'list', good: [itemList(LLC, BAD_LLC)], since: '4.20' },
  // shutdown actions
  enm('on_poweroff', ACTIONS, BAD_ACTIONS),
  enm('on_reboot', ACTIONS, BAD_ACTIONS),
  enm('on_watchdog', ACTIONS, BAD_ACTIONS),
  enm('on_crash', ACTIONS, BAD_ACTIONS),
  enm('on_soft_reset', ACTIONS, BAD_ACTIONS),
  // passthrough
  bool('e820_host', ['pv']),
  int('pci_msitranslate', [0, 1]),
  int('pci_power_mgmt', [0, 1]),
  int('pci_permissive', [0, 1]),
  int('pci_seize', [0, 1]),
  {
    key: 'rdm',
    kind: 'string',
    good: words('strategy=host,policy=relaxed', 'strategy=host,policy=strict', 'strategy=host', 'policy=relaxed'),
    bad: words('strategy=ignore', 'strategy=host,policy=loose', 'policy=', 'bogus=1', '', 'strategy=host,'),
  },
  { key: 'pci', kind: 'list', good: [specList('pci')] },
  list('dtdev', [strs('/soc/uart@1000'), strs('/a', '/b')]),
  { key: 'ioports', kind: 'list', good: [itemList(IOPORTS, BAD_IOPORTS)], bad: [L(N(1016)), S('3f8-3ff')] },
  { key: 'irqs', kind: 'list', good: [itemList(IRQS, BAD_IRQS)], bad: [L(N(3), N(4)), S('3')] },
  { key: 'iomem', kind: 'list', good: [itemList(IOMEM, BAD_IOMEM)], bad: [L(L(S('fee00,1'))), S('fee00,1')] },
  // boot
  int('rtc_timeoffset', [0, 3600, '-3600'], ['x']),
  bool('localtime'),
  int('vncviewer', [0, 1]),
  bool('nomigrate'),
  {
    key: 'tsc_mode',
    kind: 'enum',
    good: [...words('default', 'always_emulate', 'native', 'native_paravirt', 'NATIVE'), ...nums(0, 1, 2, 3)],
    bad: [...words('emulate', 'x', ''), ...nums(4, -1)],
  },
  str('kernel', PATH),
  str('ramdisk', ['/boot/initrd.img', '']),
  str('device_tree', ['/boot/guest.dtb']),
  str('cmdline', ['console=hvc0 root=/dev/xvda1', '', 'quiet']),
  str('root', ['/dev/xvda1', '/dev/sda ro']),
  str('extra', ['console=hvc0', 'xencons=tty', '']),
  bool('acpi'),
  str('bootloader', ['pygrub', '/usr/bin/pygrub', '/usr/lib/xen/bin/pygrub', 'pvgrub', '']),
  bool('bootloader_restrict', undefined, '4.18'),
  str('bootloader_user', ['xenboot'], undefined, '4.18'),
  {
    key: 'bootloader_args',
    kind: 'list',
    good: [strs('-q'), strs('--kernel=/vmlinuz', '--args=quiet'), S('-q --entry=1'), S('-q')],
    bad: [S(''), L(), L(L(S('x')))],
  },
  {
    key: 'timer_mode',
    kind: 'enum',
    good: [
      ...words(
        'delay_for_missed_ticks',
        'no_delay_for_missed_ticks',
        'no_missed_ticks_pending',
        'one_missed_tick_pending',
      ),
      ...nums(0, 1, 2, 3),
    ],
    bad: [...words('unknown', 'x', 'Delay_For_Missed_Ticks'), ...nums(-1, 4)],
    types: NOT_PV,
  },
  bool('nestedhvm'),
  // HVM build info
  str('firmware_override', ['/usr/lib/xen/boot/hvmloader', '/opt/fw.bin'], HVM),
  str('bios_path_override', ['/usr/share/ovmf/OVMF.fd', '/opt/bios.bin'], HVM),
  enm('bios', ['rombios', 'seabios', 'ovmf', 'OVMF', 'SeaBIOS'], ['uefi', 'bios', 'sea', ''], HVM),
  bool('pae', HVM),
  bool('acpi_s3', HVM),
  bool('acpi_s4', HVM),
  bool('acpi_laptop_slate', HVM),
  bool('nx', HVM),
  bool('hpet', HVM),
  bool('vpt_align', HVM),
  bool('apic', HVM),
  bool('hvm_pirq', HVM, '4.19'),
  { key: 'viridian', kind: 'list', good: [viridian], types: HVM },
  mem('mmio_hole', [256, 1024, 3072], [0, 128, 4096, 3073], HVM),
  bool('altp2mhvm', HVM),
  str('smbios_firmware', ['/opt/smbios.bin'], HVM),
  str('acpi_firmware', ['/opt/acpi.bin'], HVM),
  { key: 'smbios', kind: 'list', good: [smbios], types: HVM, since: '4.18' },
  enm('ms_vm_genid', ['generate', 'none'], ['Generate', 'yes', '']),
  mem('rdm_mem_boundary', [2048, 0], [-1], HVM),
  {
    key: 'mca_caps',
    kind: 'list',
    good: [strs('lmce')],
    bad: [strs('LMCE'), strs('lmce', 'x'), S('lmce'), L()],
    types: HVM,
  },
  // firmware: bios names and paths on HVM, pvgrub on PV and PVH
  enm(
    'firmware',
    [
      'seabios',
      'ovmf',
      'rombios',
      'uefi',
      'bios',
      'u',
      'b',
      '/usr/lib/xen/boot/ovmf.bin',
      'pvgrub32',
      'pvgrub64',
      'pvgrub6',
    ],
    ['grub', 'efi', 'hvmloader', ''],
  ),
  {
    key: 'altp2m',
    kind: 'enum',
    good: [...words('disabled', 'mixed', 'external', 'limited', 'Mixed'), ...nums(0, 1, 2, 3)],
    bad: [...words('on', 'x'), ...nums(4, -1)],
  },
  int('vmtrace_buf_kb', [0, 64, 1024], [-1]),
  // devices
  { key: 'disk', kind: 'list', good: [specList('disk')] },
  { key: 'p9', kind: 'list', good: [specList('p9', 2)] },
  { key: 'vtpm', kind: 'list', good: [specList('vtpm', 2)] },
  { key: 'vdispl', kind: 'list', good: [specList('vdispl', 2)] },
  { key: 'pvcalls', kind: 'list', good: [specList('pvcalls', 2)] },
  { key: 'vsnd', kind: 'list', good: [vsnd] },
  { key: 'channel', kind: 'list', good: [specList('channel', 2)] },
  { key: 'vif', kind: 'list', good: [specList('vif')] },
  list('vif2', [strs('bridge=xenbr0')]),
  { key: 'vfb', kind: 'list', good: [specList('vfb', 2)] },
  { key: 'usbctrl', kind: 'list', good: [specList('usbctrl', 2)] },
  { key: 'usbdev', kind: 'list', good: [specList('usbdev', 2)] },
  { key: 'cpuid', kind: 'list', good: [cpuid] },
  // device model
  str('device_model', ['qemu-dm', '/usr/lib/xen/bin/stubdom-dm']),
  str('device_model_override', ['/usr/bin/qemu-system-i386']),
  enm(
    'device_model_version',
    ['qemu-xen', 'qemu-xen-traditional'],
    ['qemu', 'QEMU-XEN', 'qemu-xen-trad', 'qemu-upstream-compat', ''],
  ),
  bool('device_model_stubdomain_override'),
  str('device_model_stubdomain_seclabel', ['system_u:system_r:dm_t']),
  str('device_model_user', ['qemu-dm', 'root']),
  str('stubdomain_kernel', ['/usr/lib/xen/boot/ioemu-stubdom.gz']),
  str('stubdomain_cmdline', ['-d 1']),
  str('stubdomain_ramdisk', ['/usr/lib/xen/boot/stubdom-initrd']),
  mem('stubdomain_memory', [128, 256], [-1]),
  list('device_model_args', [strs('-d', 'x'), strs('-monitor', 'stdio')]),
  list('device_model_args_pv', [strs('-vga', 'none')]),
  list('device_model_args_hvm', [strs('-no-hpet')]),
  bool('vnc'),
  str('vnclisten', ['0.0.0.0', '127.0.0.1', '127.0.0.1:1', '::1', '']),
  str('vncpasswd', ['secret', '']),
  int('vncdisplay', [0, 1, 5], [-1]),
  bool('vncunused'),
  bool('sdl'),
  bool('opengl'),
  str('display', [':0', 'localhost:10.0']),
  str('xauthority', ['/root/.Xauthority']),
  bool('dm_restrict'),
  enm('vga', ['stdvga', 'cirrus', 'none', 'qxl'], ['std', 'Cirrus', 'vga', ''], HVM),
  int('stdvga', [0, 1], [], HVM),
  enm('hdtype', ['ide', 'ahci', 'AHCI'], ['sata', ''], HVM),
  enm('keymap', ['en-us', 'de', 'fr', 'ja'], ['EN-US', 'xx']),
  bool('spice', HVM),
  int('spiceport', [5900, 0], [-1], HVM),
  int('spicetls_port', [5901], [], HVM),
  str('spicehost', ['0.0.0.0'], HVM),
  bool('spicedisable_ticketing', HVM),
  str('spicepasswd', ['secret'], HVM),
  bool('spiceagent_mouse', HVM),
  bool('spicevdagent', HVM),
  bool('spice_clipboard_sharing', HVM),
  int('spiceusbredirection', [0, 4], [-1], HVM),
  enm('spice_image_compression', ['auto_glz', 'auto_lz', 'quic', 'glz', 'lz', 'off'], ['x'], HVM),
  enm('spice_streaming_video', ['filter', 'all', 'off'], ['x'], HVM),
  bool('nographic', HVM),
  {
    key: 'gfx_passthru',
    kind: 'enum',
    good: [...nums(0, 1), ...words('igd', 'default', 'IGD')],
    bad: words('intel', 'x', ''),
    types: HVM,
  },
  {
    key: 'serial',
    kind: 'list',
    good: [S('pty'), strs('pty'), strs('pty', '/dev/ttyS0'), S('none'), S('file:/tmp/s.log')],
    bad: [L(L(S('pty'))), L()],
    types: HVM,
  },
  enm('boot', ['c', 'd', 'cd', 'dc', 'n', 'cdn'], ['z', 'x', ''], HVM),
  bool('usb', HVM),
  int('usbversion', [1, 2, 3, 0], [4, -1], HVM),
  {
    key: 'usbdevice',
    kind: 'list',
    good: [S('tablet'), strs('tablet'), strs('tablet', 'mouse'), S('host:1234:5678')],
    bad: [L(L(S('x')))],
    types: HVM,
  },
  bool('vkb_device', HVM),
  enm('soundhw', ['hda', 'ac97', 'es1370', 'sb16', 'all'], ['x'], HVM),
  bool('xen_platform_pci', HVM),
  enm('vendor_device', ['none', 'xenserver', 'XENSERVER'], ['citrix', ''], HVM),
  // Arm and late keys (read by the x86 xl as well)
  enm('vuart', ['sbsa_uart', 'SBSA_UART'], ['pl011', '']),
  enm('gic_version', ['v2', 'v3', 'default', 'V3'], ['v4', '2', '']),
  enm('tee', ['none', 'optee', 'ffa', 'OPTEE'], ['trustzone', '']),
  enm('sve', ['disabled', '128', '256', '2048', 'hw'], ['129', '4096', 'on', ''], undefined, '4.18'),
  int('nr_spis', [0, 32, 960], [-1, 961], undefined, '4.19'),
  { key: 'vkb', kind: 'list', good: [specList('vkb', 2)] },
  { key: 'virtio', kind: 'list', good: [specList('virtio', 2)], since: '4.18' },
  bool('msr_relaxed'),
  bool('vpmu'),
  // Keys of later releases (4.21, 4.22) and never-read ones: xl must ignore them here.
  int('xenstore_feature_mask', [0, 1], [], undefined, '4.21'),
  { key: 'xenstore_quota', kind: 'list', good: [strs('entries=1000', 'watches=128')], since: '4.22' },
  int('altp2m_count', [10], [], undefined, '4.21'),
  bool('xen_platform_pci_bar_uc', HVM, '4.21'),
  bool('trap_unmapped_accesses', undefined, '4.21'),
  str('arm_sci', ['type=scmi_smc'], undefined, '4.21'),
  bool('force_x2apic'),
];

/** Keys people write that xl never reads: typos, xm-era keys, made-up ones. */
export const UNREAD_KEYS = [
  'memmory',
  'vcpu',
  'on_shutdown',
  'vif_model',
  'acpi_s5',
  'kernal',
  'netif',
  'usbctrl.type',
  'x',
  'apic_mode',
  'vtpm2',
  'hvm',
  'pci_power_managment',
  'maxmemory',
];

const BY_KEY = new Map<string, KeyRow[]>();
for (const k of KEYS) BY_KEY.set(k.key, [...(BY_KEY.get(k.key) ?? []), k]);

/** Keys read by the type's branches of parse_config_data (all that generated configs pick from). */
function readBy(t: GuestType): KeyRow[] {
  return KEYS.filter((k) => !k.types || k.types.includes(t));
}

// ---------------------------------------------------------------------------------------------
// Relations: several keys that xl reads against each other, set together (right or wrong).

type Stmts = Array<[key: string, value: Val, op?: '+=']>;
type Relation = (r: Rng, c: Ctx) => Stmts;

export const RELATIONS: Record<string, Relation> = {
  typeAndBuilder: (r) => {
    const t = r.pick(['pv', 'pvh', 'hvm', 'h', '']);
    const b = r.pick(['generic', 'hvm', 'g', 'hv', 'linux']);
    return [
      ['type', S(t)],
      ['builder', S(b)],
    ];
  },
  maxvcpusVsVcpus: (r) => {
    const v = r.pick([1, 2, 4, 8, 16]);
    return [
      ['vcpus', N(v)],
      ['maxvcpus', N(r.pick([0, 1, v - 1, v, v * 2, 64, 65]))],
    ];
  },
  memoryVsMaxmem: (r) => {
    const m = r.pick([256, 512, 1024]);
    return [
      ['memory', N(m)],
      ['maxmem', N(r.pick([m / 2, m, m * 2, 0]))],
    ];
  },
  vnumaTotals: (r) => {
    const nodes = 1 + r.int(3);
    const size = r.pick([256, 512]);
    const vn = Array.from({ length: nodes }, (_, i) =>
      strs(
        `pnode=${r.chance(0.9) ? i : 8}`,
        `size=${size}`,
        `vcpus=${2 * i}-${2 * i + 1}`,
        `vdistances=${Array.from({ length: nodes }, (_, j) => (i === j ? 10 : 20)).join(',')}`,
      ),
    );
    const out: Stmts = [['vnuma', vn]];
    if (r.chance(0.6)) out.push(['maxmem', N(r.chance(0.6) ? nodes * size : nodes * size + 256)]);
    if (r.chance(0.5)) out.push(['memory', N(nodes * size)]);
    if (r.chance(0.6)) out.push(['maxvcpus', N(r.chance(0.6) ? nodes * 2 : nodes * 2 + 1)]);
    if (r.chance(0.5)) out.push(['vcpus', N(r.pick([1, nodes * 2, nodes * 2 + 2]))]);
    return out;
  },
  cmdlineVsRootExtra: (r) => {
    const out: Stmts = [];
    if (r.chance(0.5)) out.push(['cmdline', S('console=hvc0')]);
    if (r.chance(0.6)) out.push(['root', S('/dev/xvda1 ro')]);
    if (r.chance(0.6)) out.push(['extra', S('console=hvc0')]);
    return out;
  },
  vnclistenAndDisplay: (r) => [
    ['vnc', N(1)],
    ['vnclisten', S(r.pick(['127.0.0.1:1', '0.0.0.0', '[::1]:5']))],
    ['vncdisplay', N(r.pick([0, 1, 3]))],
  ],
  deviceModelAndBios: (r) => {
    const out: Stmts = [['device_model_version', S(r.pick(['qemu-xen', 'qemu-xen-traditional']))]];
    if (r.chance(0.7)) out.push(['bios', S(r.pick(['rombios', 'seabios', 'ovmf']))]);
    if (r.chance(0.3)) out.push(['device_model_stubdomain_override', N(1)]);
    if (r.chance(0.3)) out.push(['device_model_override', S('/usr/bin/qemu')]);
    return out;
  },
  kernelBootloaderFirmware: (r) => {
    const out: Stmts = [];
    if (r.chance(0.5)) out.push(['kernel', S(r.pick(['/boot/vmlinuz', '/usr/lib/xen/boot/hvmloader']))]);
    if (r.chance(0.4))
      out.push(['bootloader', r.chance(0.8) ? S(r.pick(['pygrub', '/usr/bin/pygrub', 'pvgrub'])) : strs('pygrub')]);
    if (r.chance(0.4))
      out.push(['firmware', S(r.pick(['pvgrub64', 'pvgrub32', 'uefi', 'seabios', '/opt/fw.bin', 'pvgrub']))]);
    return out;
  },
  biosPathOverride: (r) => {
    const out: Stmts = [['bios_path_override', S('/usr/share/ovmf/OVMF.fd')]];
    if (r.chance(0.4)) out.push(['bios', S('ovmf')]);
    if (r.chance(0.3)) out.push(['firmware', S(r.pick(['ovmf', 'uefi', '/opt/fw.bin']))]);
    return out;
  },
  pciAndPvE820: (r, c) => {
    const out: Stmts = [['pci', specList('pci', 2)(r, c)]];
    if (r.chance(0.5)) out.push(['e820_host', N(r.pick([0, 1]))]);
    if (r.chance(0.5)) out.push([r.pick(['pci_permissive', 'pci_msitranslate', 'pci_seize', 'pci_power_mgmt']), N(1)]);
    if (r.chance(0.4)) out.push(['rdm', S(r.pick(['strategy=host,policy=relaxed', 'strategy=host,policy=strict']))]);
    return out;
  },
  seclabels: (r) => {
    const out: Stmts = [['seclabel', S('system_u:system_r:domU_t')]];
    if (r.chance(0.5)) out.push(['init_seclabel', S('system_u:system_r:domU_t_building')]);
    if (r.chance(0.3)) out.push(['device_model_stubdomain_seclabel', S('system_u:system_r:dm_t')]);
    return out;
  },
  cpusBeyondVcpus: (r) => [
    ['vcpus', N(r.pick([1, 2]))],
    ['maxvcpus', N(r.pick([2, 4]))],
    ['cpus', strs('0', '1', '2', '3', '4', '5')],
    ['cpus_soft', S(r.pick(['all', 'node:1', '0-3']))],
  ],
  pvVncWithoutVfb: (r) => {
    const out: Stmts = [['vnc', N(r.pick([0, 1, 2]))]];
    for (const k of ['vnclisten', 'vncdisplay', 'vncunused', 'vncpasswd', 'sdl', 'opengl', 'keymap', 'display']) {
      if (!r.chance(0.3)) continue;
      const row = BY_KEY.get(k)![0];
      out.push([k, row.good[0] as Val]);
    }
    if (r.chance(0.3)) out.push(['vfb', strs('vnc=1')]);
    return out;
  },
  p9WithoutPath: (r) => [
    [
      'p9',
      strs(r.pick(['type=xen_9pfsd,tag=t,security_model=none', 'tag=t,security_model=none,path=/s', 'tag=t,path=/s'])),
    ],
  ],
  deprecatedForms: (r) => [
    [
      r.pick(['vif2', 'vncviewer', 'altp2mhvm', 'msr_relaxed', 'device_model', 'tsc_mode', 'timer_mode', 'stdvga']),
      r.pick([N(1), N(0), S('/usr/lib/xen/bin/stubdom-dm')]),
    ],
  ],
  stringsAsLists: (r) => [
    [
      r.pick(['bootloader_args', 'serial', 'usbdevice', 'cpuid', 'viridian', 'cpus']),
      S(r.pick(['', 'x', 'host', '1', 'pty', 'tablet'])),
    ],
  ],
};

// ---------------------------------------------------------------------------------------------
// Mistakes: each changes or adds one statement (or a relation) so that xl warns, refuses or ignores.

type Mistake = (r: Rng, c: Ctx, stmts: Stmts) => void;

function setStmt(stmts: Stmts, key: string, value: Val, op?: '+='): void {
  const i = stmts.findIndex(([k]) => k === key);
  if (i >= 0 && !op) stmts[i] = [key, value];
  else stmts.push([key, value, op]);
}

const MISTAKES: Record<string, Mistake> = {
  wrongType: (r, c, stmts) => {
    const row = r.pick(KEYS);
    setStmt(stmts, row.key, r.pick(TRICKY_BY_KIND[row.kind]));
  },
  keyBadValue: (r, c, stmts) => {
    const rows = KEYS.filter((k) => k.bad?.length);
    const row = r.pick(rows);
    setStmt(stmts, row.key, draw(r, c, row.bad!));
  },
  badSpecField: (r, c, stmts) => {
    const keys = [
      'disk',
      'vif',
      'pci',
      'usbctrl',
      'usbdev',
      'vtpm',
      'p9',
      'pvcalls',
      'vfb',
      'vkb',
      'vdispl',
      'channel',
      'virtio',
      'vnuma',
      'vsnd',
      'cpus',
      'cpus_soft',
      'cpuid',
      'viridian',
      'ioports',
      'irqs',
      'iomem',
      'llc_colors',
      'smbios',
    ];
    const key = r.pick(keys);
    const row = BY_KEY.get(key)![0];
    setStmt(stmts, key, draw(r, { ...c, specNoise: 0.6 }, row.good));
  },
  append: (r, c, stmts) => {
    const row = r.pick(KEYS);
    if (r.chance(0.5)) setStmt(stmts, row.key, draw(r, c, row.good));
    stmts.push([row.key, draw(r, c, row.good), '+=']);
  },
  relation: (r, c, stmts) => {
    for (const [k, v, op] of r.pick(Object.values(RELATIONS))(r, c)) setStmt(stmts, k, v, op);
  },
  otherTypesKey: (r, c, stmts) => {
    const rows = KEYS.filter((k) => k.types && !k.types.includes(c.type));
    const row = r.pick(rows);
    setStmt(stmts, row.key, draw(r, c, row.good));
  },
  unreadKey: (r, c, stmts) => {
    stmts.push([r.pick(UNREAD_KEYS), r.pick([N(1), S('x'), strs('a')])]);
  },
  duplicate: (r, c, stmts) => {
    if (!stmts.length) return;
    const [k] = r.pick(stmts);
    const row = BY_KEY.get(k)?.[0];
    stmts.push([k, row ? draw(r, c, [...row.good, ...(row.bad ?? [])]) : S('again')]);
  },
  dropBootSource: (r, c, stmts) => {
    for (const k of ['kernel', 'bootloader', 'firmware']) {
      const i = stmts.findIndex(([x]) => x === k);
      if (i >= 0) stmts.splice(i, 1);
    }
  },
};

/** Valid ways to boot a guest of each type. */
const BOOT: Record<GuestType, Relation[]> = {
  pv: [
    () => [
      ['kernel', S('/boot/vmlinuz')],
      ['ramdisk', S('/boot/initrd.img')],
      ['extra', S('console=hvc0')],
    ],
    () => [
      ['kernel', S('/boot/vmlinuz')],
      ['root', S('/dev/xvda1 ro')],
    ],
    (r) => [['bootloader', S(r.pick(['pygrub', '/usr/lib/xen/bin/pygrub']))]],
    (r) => [['firmware', S(r.pick(['pvgrub64', 'pvgrub32']))]],
    () => [
      ['kernel', S('/usr/lib/xen/boot/pv-grub-x86_64.gz')],
      ['extra', S('(hd0,0)/boot/grub/menu.lst')],
    ],
  ],
  pvh: [
    () => [
      ['kernel', S('/boot/vmlinuz')],
      ['cmdline', S('console=hvc0 root=/dev/xvda1')],
    ],
    (r) => [['firmware', S(r.pick(['pvgrub64', 'pvgrub32']))]],
    () => [['bootloader', S('pygrub')]],
    () => [
      ['kernel', S('/boot/xtf-test')],
      ['pvshim', N(1)],
    ],
  ],
  hvm: [
    () => [],
    (r) => [['boot', S(r.pick(['c', 'dc', 'cd']))]],
    (r) => [['firmware', S(r.pick(['uefi', 'ovmf', 'seabios', 'bios']))]],
    (r) => [['bios', S(r.pick(['seabios', 'ovmf', 'rombios']))]],
    () => [
      ['device_model_version', S('qemu-xen')],
      ['bios', S('seabios')],
    ],
  ],
};

// ---------------------------------------------------------------------------------------------
// Rendering of statements: spacing, comments, blank lines and `;` as people write them.

function renderConfig(r: Rng, stmts: Stmts): string {
  const lines: string[] = [];
  if (r.chance(0.2)) lines.push('# generated guest config');
  for (const [key, value, op] of stmts) {
    if (r.chance(0.05)) lines.push('');
    if (r.chance(0.04)) lines.push(`# ${key}`);
    const eq = op ?? '=';
    const sp = r.pick([' ', ' ', '', '\t']);
    const tail = r.chance(0.05) ? ';' : r.chance(0.05) ? '  # note' : '';
    lines.push(`${key}${sp}${eq}${sp}${render(r, value)}${tail}`);
  }
  // A last line without its newline is fine for libxlutil, unless it ends in a comment.
  const last = lines[lines.length - 1] ?? '';
  return lines.join('\n') + (last.includes('#') || r.chance(0.95) ? '\n' : '');
}

/** Breaks one line for libxlutil's parser (the syntax layer is proven separately; a few are enough). */
function breakSyntax(r: Rng, text: string): string {
  const lines = text.split('\n');
  const i = r.int(Math.max(1, lines.length - 1));
  const breakers = [
    (l: string) => l.replace(/= (\d+)/, '= $1M'),
    (l: string) => l.replace(/^([a-z])/, (m) => m.toUpperCase()),
    (l: string) => l.replace(/"([^"]*)"/, '"$1'),
    (l: string) => `${l} 1`,
    () => 'memory = -1',
    () => 'builder = hvm',
  ];
  lines[i] = r.pick(breakers)(lines[i] ?? '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

export interface GeneratedConfig {
  text: string;
  /** The guest type the config was built for and the mistakes placed in it, for reports. */
  label: string;
}

/** How many mistakes a config gets: mostly few, since one mistake per file tells the most. */
const MISTAKE_COUNTS = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3];

export function generateXlConfig(seed: number, index: number): GeneratedConfig {
  const r = new Rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const type = r.pick(GUEST_TYPES);
  const c: Ctx = { type, specNoise: 0.03 };
  const stmts: Stmts = [];
  const notes: string[] = [type];

  if (r.chance(0.96)) stmts.push(['name', S(r.pick(['guest', 'vm1', `g${index}`, 'web-01']))]);
  else notes.push('no name');
  // How the type is declared: `type`, the deprecated `builder`, or nothing for PV (xl's default).
  const decl = r.int(10);
  if (type === 'pv') {
    if (decl < 6) stmts.push(['type', S('pv')]);
    else if (decl < 8) stmts.push(['builder', S('generic')]);
  } else if (type === 'hvm' && decl < 3) stmts.push(['builder', S('hvm')]);
  else stmts.push(['type', S(type)]);
  if (r.chance(0.85)) stmts.push(['memory', N(r.pick([256, 512, 1024, 2048]))]);
  if (r.chance(0.7)) stmts.push(['vcpus', N(r.pick([1, 2, 4]))]);
  for (const s of r.pick(BOOT[type])(r, c)) stmts.push(s);

  // A few more keys this guest type reads, with right values.
  const pool = readBy(type);
  for (let n = r.int(9); n > 0; n--) {
    const row = r.pick(pool);
    if (stmts.some(([k]) => k === row.key)) continue;
    stmts.push([row.key, draw(r, c, row.good)]);
  }
  if (r.chance(0.15)) {
    const name = r.pick(Object.keys(RELATIONS));
    for (const [k, v, op] of RELATIONS[name](r, c)) setStmt(stmts, k, v, op);
    notes.push(name);
  }

  for (let m = r.pick(MISTAKE_COUNTS); m > 0; m--) {
    const name = r.pick(Object.keys(MISTAKES));
    MISTAKES[name](r, c, stmts);
    notes.push(name);
  }

  // Statement order does not matter to xl (it looks keys up), but people's files vary.
  if (r.chance(0.3))
    for (let i = stmts.length - 1; i > 1; i--) {
      const j = 1 + r.int(i);
      [stmts[i], stmts[j]] = [stmts[j], stmts[i]];
    }
  let text = renderConfig(r, stmts);
  if (r.chance(0.02)) {
    text = breakSyntax(r, text);
    notes.push('syntax');
  }
  return { text, label: notes.join(' ') };
}

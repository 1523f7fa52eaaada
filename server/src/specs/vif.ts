// NET_SPEC: the items of `vif = [ ... ]`.
// tools/xl/xl_parse.c: parse_nic_config, once per strtok(",") token after `while (*p == ' ') p++`.
// Its return value is ignored, so most problems only print a line. Fatal: `rate=`
// (xlu_vif_parse_rate in tools/libs/util/libxlu_vif.c, then exit) and devid/mtu (parse_ulong
// exits). `device` is the libxl_device_nic; xl's ARRAY_EXTEND_INIT sets devid to the list index
// first, so `devid` is in it only when the string sets it. set_default_nic_values (xl_nic.c) adds
// nothing with an empty /etc/xen/xl.conf.
import { toInt32 } from '../libxl/cnum';
import type { LibxlStruct } from '../libxl/value';
import { atLeast, fieldInRelease, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, ULONG_MAX } from './clib';
import { Builder, didYouMeanNote, q, type Tok } from './util';
import { xlSourceRefuses, xlWarns } from './xlOutput';
import { xlParseUlong, xlTokens } from './xlStrings';

const COLO_KEYS = [
  'colo_sock_mirror_id',
  'colo_sock_mirror_ip',
  'colo_sock_mirror_port',
  'colo_sock_compare_sec_in_id',
  'colo_sock_compare_sec_in_ip',
  'colo_sock_compare_sec_in_port',
  'colo_sock_redirector0_id',
  'colo_sock_redirector0_ip',
  'colo_sock_redirector0_port',
  'colo_sock_redirector1_id',
  'colo_sock_redirector1_ip',
  'colo_sock_redirector1_port',
  'colo_sock_redirector2_id',
  'colo_sock_redirector2_ip',
  'colo_sock_redirector2_port',
  'colo_sock_compare_pri_in_id',
  'colo_sock_compare_pri_in_ip',
  'colo_sock_compare_pri_in_port',
  'colo_sock_compare_notify_id',
  'colo_sock_compare_notify_ip',
  'colo_sock_compare_notify_port',
  'colo_filter_mirror_queue',
  'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue',
  'colo_filter_redirector0_indev',
  'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue',
  'colo_filter_redirector1_indev',
  'colo_filter_redirector1_outdev',
  'colo_compare_pri_in',
  'colo_compare_sec_in',
  'colo_compare_out',
  'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id',
  'colo_sock_sec_redirector0_ip',
  'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id',
  'colo_sock_sec_redirector1_ip',
  'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue',
  'colo_filter_sec_redirector0_indev',
  'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue',
  'colo_filter_sec_redirector1_indev',
  'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue',
  'colo_checkpoint_host',
  'colo_checkpoint_port',
];

/** Keys whose value xl stores as a string, and the libxl_device_nic field. */
const STRING_FIELDS: Record<string, string> = {
  bridge: 'bridge',
  gatewaydev: 'gatewaydev',
  netdev: 'gatewaydev',
  ip: 'ip',
  script: 'script',
  backend: 'backend_domname',
  vifname: 'ifname',
  model: 'model',
  forwarddev: 'coloft_forwarddev',
  vlan: 'vlan',
  ...Object.fromEntries(COLO_KEYS.map((k) => [k, k])),
};

export const vifFields: SpecFieldDoc[] = [
  {
    name: 'mac',
    doc: 'MAC address: six hex bytes, e.g. `00:16:3e:12:34:56` (00:16:3e is the Xen OUI).',
    default: 'random 00:16:3e:xx:xx:xx',
  },
  { name: 'bridge', doc: 'Host bridge the backend interface is added to.', default: 'xenbr0' },
  { name: 'gatewaydev', doc: 'Host device used as gateway by the vif-route/vif-nat scripts.' },
  { name: 'netdev', doc: 'Deprecated alias of `gatewaydev`.' },
  {
    name: 'type',
    doc: 'Device kind: paravirtual only (`vif`) or emulated plus PV (`ioemu`, HVM); lower case.',
    values: ['vif', 'ioemu'],
    default: 'ioemu for HVM, vif otherwise',
  },
  {
    name: 'model',
    doc: 'Emulated NIC model for HVM guests (passed to QEMU), e.g. `e1000`, `rtl8139`.',
    default: 'rtl8139',
  },
  { name: 'vifname', doc: 'Name of the backend interface in the driver domain.' },
  { name: 'script', doc: 'Hotplug script for the backend interface.', default: 'vif-bridge' },
  { name: 'ip', doc: 'IP address(es) of the guest, space separated (used by vif-route/vif-nat and anti-spoofing).' },
  { name: 'backend', doc: 'Driver domain that serves this interface.', default: '0' },
  {
    name: 'rate',
    doc: 'Bandwidth limit `AMOUNT[G|M|K](B|b)/s[@INTERVAL]`, e.g. `10Mb/s@20ms`. A bare interval number means seconds.',
    default: 'unlimited; interval 50ms',
  },
  { name: 'devid', doc: 'Device index of the interface inside the guest.' },
  { name: 'mtu', doc: 'MTU of the backend interface.', default: '1500' },
  {
    name: 'vlan',
    doc: 'VLAN configuration passed unparsed to the backend script, e.g. `10`, `10p/20`, `100-110u`.',
    since: '4.19',
  },
  { name: 'trusted', doc: 'Flag: the backend is trusted by the guest.' },
  { name: 'untrusted', doc: 'Flag: the backend is not trusted by the guest.' },
  { name: 'accel', doc: 'Obsolete; xl prints that it is not supported and ignores it.' },
  { name: 'forwarddev', doc: 'COLO: forwarding device.' },
  ...COLO_KEYS.map((k) => ({ name: k, doc: 'COLO network proxy setting (unstable interface).' })),
];

const FLAGS = ['trusted', 'untrusted'];
const keysMemo = new Map<string, { keys: string[]; known: string[] }>();
function keysOf(release: string): { keys: string[]; known: string[] } {
  let k = keysMemo.get(release);
  if (!k) {
    const keys = vifFields.filter((f) => !FLAGS.includes(f.name) && fieldInRelease(f, release)).map((f) => f.name);
    keysMemo.set(release, (k = { keys, known: [...keys, ...FLAGS] }));
  }
  return k;
}
const KEYS_BY_RELEASE = (r: string): string[] => keysOf(r).keys;
const KNOWN_BY_RELEASE = (r: string): string[] => keysOf(r).known;

export interface RateResult {
  bytesPerSec: bigint;
  bytesPerInterval: bigint;
  intervalUs: number;
}

const U32 = 0xffffffffn;

/**
 * libxlu_vif.c: xlu_vif_parse_rate. Reports into `b` (fatal, with the line libxlu prints) and
 * returns what it stores in the nic, or undefined when xl exits. The amount is checked against
 * UINT32_MAX before its unit multiplies it, so `100GB/s` is fine.
 */
export function parseRate(b: Builder, v: string, vs: number): RateResult | undefined {
  const at = v.indexOf('@');
  const amount = at < 0 ? v : v.slice(0, at);
  const bad = (s: number, e: number, what: string, quoted: string, ours: string): undefined => {
    b.fatal(
      s,
      e,
      `xl refuses to start the domain: ${ours}`,
      xlSourceRefuses(`config parsing error in vif: ${what} in \`${quoted}'`),
    );
    return undefined;
  };
  if (amount === '') return bad(vs, vs + v.length, 'no rate specified', v, 'no rate specified (write e.g. `10Mb/s`)');
  // vif_bytes_per_sec_re = "^[0-9]+[GMK]?[Bb]/s$"
  if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(amount)) {
    let why = ' (form: digits, G/M/K, B or b, `/s`; e.g. `10Mb/s`)';
    if (/^[0-9]+[gmk][Bb]\/s$/.test(amount)) why = ' (the unit prefix is upper case: G, M or K)';
    else if (/^[0-9]+[GMKgmk]?\/s$/.test(amount)) why = ' (say `B` for bytes or `b` for bits before `/s`)';
    else if (/^[0-9]+[GMKgmk]?[Bb]$/.test(amount)) why = ' (`/s` is required)';
    return bad(vs, vs + amount.length, 'invalid rate', amount, `invalid rate ${q(amount)}${why}`);
  }
  // strtoull(..., 0): a leading 0 reads octal and stops at 8 or 9.
  const r = strtoul(amount, 0, 0);
  if (r.value === 0n || r.value > U32) {
    const why =
      r.value === 0n
        ? amount[0] === '0' && amount.length > 1
          ? 'zero (leading 0: octal)'
          : 'zero'
        : 'over 2^32-1 before its unit';
    return bad(vs, vs + amount.length, 'rate overflow', amount, `rate overflow: the amount in ${q(amount)} is ${why}`);
  }
  let bps = r.value;
  const u = amount[r.end];
  if (u === 'G') bps *= 1000000000n;
  else if (u === 'M') bps *= 1000000n;
  else if (u === 'K') bps *= 1000n;
  if (u === 'b' || amount[r.end + 1] === 'b') bps /= 8n;
  if (amount[0] === '0' && amount.length > 1) {
    b.info(vs, vs + r.end, `the amount starts with 0, so xl reads it as octal (${r.value.toString()} decimal)`);
  }
  let interval = 50000n;
  if (at >= 0) {
    const iv = v.slice(at + 1);
    const is = vs + at + 1;
    // vif_internal_usec_re = "^[0-9]+[mu]?s?$"
    if (!/^[0-9]+[mu]?s?$/.test(iv)) {
      return bad(
        is,
        is + iv.length,
        'invalid replenishment interval',
        iv,
        `invalid replenishment interval ${q(iv)} (digits then \`s\`, \`ms\` or \`us\`)`,
      );
    }
    const ir = strtoul(iv, 0, 0);
    if (ir.value === 0n || ir.value > U32) {
      return bad(
        is,
        is + iv.length,
        'replenishment interval overflow',
        iv,
        `replenishment interval overflow: ${q(iv)} is ${ir.value === 0n ? 'zero' : 'more than 2^32-1'}`,
      );
    }
    let us = ir.value;
    const c = iv[ir.end];
    if (c === undefined || c === 's') {
      us *= 1000000n;
      if (c === undefined) {
        b.info(
          is,
          is + iv.length,
          `xl reads a bare interval as seconds (${ir.value} s; the manual says µs): add \`us\` or \`ms\``,
        );
      }
    } else if (c === 'm') us *= 1000n;
    if (us > U32) {
      return bad(
        is,
        is + iv.length,
        'replenishment interval overflow',
        iv,
        `replenishment interval overflow: ${q(iv)} is over 2^32-1 µs`,
      );
    }
    interval = us;
  }
  if (bps > ULONG_MAX / interval)
    return bad(
      vs,
      vs + v.length,
      'rate overflow',
      v,
      'rate overflow: the amount per interval is more than 2^64-1 bytes',
    );
  return { bytesPerSec: bps, bytesPerInterval: (bps * interval) / 1000000n, intervalUs: Number(interval) };
}

/**
 * The `mac=` loop: six strtoul(oparg, &endptr, 16), each stored in an unsigned int and refused
 * above 255, the next read one character after where the last one stopped. A short address reads
 * on into the following tokens of the item (strtok has cut only the current one), and past the
 * item's end, which xl reads as the end of the string. Returns the bytes set, and whether all six
 * were read.
 */
function readMac(text: string, tokEnd: number, from: number, mac: number[]): boolean {
  const memory = text.slice(0, tokEnd) + '\0' + text.slice(tokEnd + 1) + '\0';
  let p = from;
  for (let i = 0; i < 6; i++) {
    const r = p < memory.length ? strtoul(memory, p, 16) : undefined;
    if (!r?.ok || BigInt.asUintN(32, r.value) > 255n) return false;
    mac[i] = Number(BigInt.asUintN(32, r.value));
    p = r.end + 1;
  }
  return true;
}

function checkVlan(b: Builder, v: string, vs: number): void {
  // Docs grammar (passed unparsed by xl): terms split by '/'.
  const terms = v.split('/');
  let off = 0;
  let pvids = 0;
  let ids = 0;
  for (const t of terms) {
    const m = /^([0-9]+)(?:(p|u)|-([0-9]+)(u?)|\+([0-9]+)x([0-9]+)(u?))?$/.exec(t);
    if (!m) {
      b.warn(
        vs + off,
        vs + off + t.length,
        `vlan term ${q(t, 20)} is not \`N\`, \`Np\`, \`Nu\`, \`N-M[u]\` or \`N+OFFxCOUNT[u]\`: ` +
          'the backend may reject it',
      );
      return;
    }
    const a = Number(m[1]);
    if (a < 1 || a > 4094 || (m[3] !== undefined && (Number(m[3]) < a || Number(m[3]) > 4094))) {
      b.warn(vs + off, vs + off + t.length, `VLAN IDs must be 1..4094 (${q(t)})`);
    }
    if (m[2] === 'p') pvids++;
    ids += m[3] !== undefined || m[5] !== undefined ? 2 : 1;
    off += t.length + 1;
  }
  if (pvids > 1) b.warn(vs, vs + v.length, 'more than one PVID (`p`) in vlan');
  else if (pvids === 0 && ids > 1)
    b.warn(vs, vs + v.length, 'several VLAN IDs but no PVID (`Np`); the backend needs exactly one');
}

export function parseVif(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('vif-spec', text);
  const keys = KEYS_BY_RELEASE(release);
  const known = KNOWN_BY_RELEASE(release);
  const nic: LibxlStruct = {};
  b.exitOnRefusal = true;
  let rate: RateResult | undefined;
  for (const t of xlTokens(text)) {
    if (FLAGS.includes(t.text)) {
      b.field(t.text, '', t.start, t.end, t.end);
      nic.trusted = t.text === 'trusted';
      continue;
    }
    const eq = t.text.indexOf('=');
    const key = eq < 0 ? t.text : t.text.slice(0, eq);
    if (eq < 0 || !keys.includes(key)) {
      let note = !atLeast(release, '4.19') && key === 'vlan' ? ` (\`vlan\` is read from Xen 4.19)` : '';
      if (!note) note = eq < 0 && keys.includes(t.text) ? ` (write \`${t.text}=...\`)` : didYouMeanNote(key, known);
      b.warn(
        t.start,
        t.end,
        `xl warns of the unrecognized argument ${q(t.text, 30)} and ignores it${note}`,
        xlWarns(`unrecognized argument \`${t.text}'`),
      );
      continue;
    }
    const vs = t.start + eq + 1;
    const v = t.text.slice(eq + 1);
    const value: Tok = { text: v, start: vs, end: t.end };
    b.field(key, v, t.start, t.end, vs);
    switch (key) {
      case 'type':
        if (v === 'vif') nic.nictype = 'vif';
        else if (v === 'ioemu') nic.nictype = 'vif_ioemu';
        else
          b.warn(
            vs,
            t.end,
            `xl warns and keeps the default type: ${q(v, 30)} is neither \`vif\` nor \`ioemu\` (case matters)`,
            xlWarns("Invalid parameter `type'."),
          );
        break;
      case 'mac': {
        const mac = ((nic.mac as number[] | undefined) ?? [0, 0, 0, 0, 0, 0]).slice();
        const ok = readMac(text, t.end, vs, mac);
        nic.mac = mac;
        if (!ok) {
          b.warn(
            vs,
            t.end,
            `xl warns and keeps part of the MAC: ${q(v, 30)} is not six hex bytes`,
            xlWarns("Invalid parameter `mac'."),
          );
        } else if (mac[0] & 1) {
          b.warn(vs, t.end, 'a multicast MAC address (lowest bit of the first byte set): a NIC needs a unicast one');
        }
        break;
      }
      case 'rate': {
        const r = parseRate(b, v, vs);
        if (r) {
          nic.rate_interval_usecs = r.intervalUs;
          nic.rate_bytes_per_interval = r.bytesPerInterval;
          rate = r;
        }
        break;
      }
      case 'devid':
      case 'mtu': {
        const x = xlParseUlong(b, key, value, 'xl refuses to start the domain: ');
        if (x !== undefined) nic[key] = toInt32(x);
        break;
      }
      case 'accel':
        b.warn(
          t.start,
          t.end,
          'xl prints that `accel` is not supported and ignores it',
          xlWarns('the accel parameter for vifs is currently not supported'),
        );
        break;
      case 'netdev':
        b.warn(
          t.start,
          t.end,
          'xl warns that `netdev` is deprecated and uses it as `gatewaydev`',
          xlWarns('the netdev parameter is deprecated, please use gatewaydev instead'),
        );
        nic.gatewaydev = v;
        break;
      case 'vlan':
        checkVlan(b, v, vs);
        nic.vlan = v;
        break;
      default:
        nic[STRING_FIELDS[key]] = v;
    }
  }
  summarize(b, nic, rate);
  return b.done(nic);
}

function summarize(b: Builder, nic: LibxlStruct, rate: RateResult | undefined): void {
  const s = (k: string): string | undefined => nic[k] as string | undefined;
  const mac = nic.mac as number[] | undefined;
  b.sum('mac', mac ? mac.map((x) => x.toString(16).padStart(2, '0')).join(':') : 'random 00:16:3e:xx:xx:xx (default)');
  b.sum('bridge', s('bridge') ?? 'xenbr0 (default)');
  b.sum('type', nic.nictype === 'vif_ioemu' ? 'ioemu' : (s('nictype') ?? 'ioemu for HVM, vif otherwise (default)'));
  b.sum('model', s('model') ?? 'rtl8139 (default, HVM only)');
  b.sum('script', s('script') ?? 'vif-bridge (default)');
  b.sum('backend', s('backend_domname') ?? '0 (default)');
  b.sum('rate', rate ? `${rate.bytesPerSec} bytes/s, replenished every ${rate.intervalUs} µs` : 'unlimited (default)');
  if (nic.devid !== undefined) b.sum('devid', String(nic.devid));
  b.sum('mtu', nic.mtu !== undefined ? String(nic.mtu) : '1500 (default)');
  for (const [label, k] of [
    ['vifname', 'ifname'],
    ['ip', 'ip'],
    ['gatewaydev', 'gatewaydev'],
    ['vlan', 'vlan'],
  ])
    if (s(k) !== undefined) b.sum(label, s(k)!);
  if (nic.trusted !== undefined) b.sum('trusted', nic.trusted ? 'yes' : 'no');
}

export const vifSpec: SpecLanguage = { syntax: 'vif-spec', parse: parseVif, fields: vifFields };

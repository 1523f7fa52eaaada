// NET_SPEC: the items of `vif = [ ... ]`.
// tools/xl/xl_parse.c: parse_nic_config (one call per strtok(",") token,
// after skipping leading spaces) — its return value is ignored, so most
// problems only print a message. Fatal: `rate` (xlu_vif_parse_rate in
// tools/libs/util/libxlu_vif.c, then exit) and unparsable devid/mtu
// (parse_ulong exits).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, parseUlong, q, strtokKv, strtoul, ULONG_MAX } from './util';

const COLO_KEYS = [
  'colo_sock_mirror_id', 'colo_sock_mirror_ip', 'colo_sock_mirror_port',
  'colo_sock_compare_sec_in_id', 'colo_sock_compare_sec_in_ip', 'colo_sock_compare_sec_in_port',
  'colo_sock_redirector0_id', 'colo_sock_redirector0_ip', 'colo_sock_redirector0_port',
  'colo_sock_redirector1_id', 'colo_sock_redirector1_ip', 'colo_sock_redirector1_port',
  'colo_sock_redirector2_id', 'colo_sock_redirector2_ip', 'colo_sock_redirector2_port',
  'colo_sock_compare_pri_in_id', 'colo_sock_compare_pri_in_ip', 'colo_sock_compare_pri_in_port',
  'colo_sock_compare_notify_id', 'colo_sock_compare_notify_ip', 'colo_sock_compare_notify_port',
  'colo_filter_mirror_queue', 'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue', 'colo_filter_redirector0_indev', 'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue', 'colo_filter_redirector1_indev', 'colo_filter_redirector1_outdev',
  'colo_compare_pri_in', 'colo_compare_sec_in', 'colo_compare_out', 'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id', 'colo_sock_sec_redirector0_ip', 'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id', 'colo_sock_sec_redirector1_ip', 'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue', 'colo_filter_sec_redirector0_indev', 'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue', 'colo_filter_sec_redirector1_indev', 'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue', 'colo_checkpoint_host', 'colo_checkpoint_port',
];
const KEYS = ['mac', 'bridge', 'gatewaydev', 'netdev', 'type', 'model', 'vifname', 'script', 'ip', 'backend', 'rate', 'devid', 'mtu', 'vlan', 'accel', 'forwarddev', ...COLO_KEYS];
const FLAGS = ['trusted', 'untrusted'];

export const vifFields: SpecFieldDoc[] = [
  { name: 'mac', doc: 'MAC address: six hex bytes, e.g. `00:16:3e:12:34:56` (00:16:3e is the Xen OUI).', default: 'random 00:16:3e:xx:xx:xx' },
  { name: 'bridge', doc: 'Host bridge the backend interface is added to.', default: 'xenbr0' },
  { name: 'gatewaydev', doc: 'Host device used as gateway by the vif-route/vif-nat scripts.' },
  { name: 'netdev', doc: 'Deprecated alias of `gatewaydev`.' },
  { name: 'type', doc: 'Device kind: paravirtual only (`vif`) or emulated plus PV (`ioemu`, HVM).', values: ['vif', 'ioemu'], default: 'ioemu for HVM, vif otherwise' },
  { name: 'model', doc: 'Emulated NIC model for HVM guests (passed to QEMU), e.g. `e1000`, `rtl8139`.', default: 'rtl8139' },
  { name: 'vifname', doc: 'Name of the backend interface in the driver domain.' },
  { name: 'script', doc: 'Hotplug script for the backend interface.', default: 'vif-bridge' },
  { name: 'ip', doc: 'IP address(es) of the guest, space separated (used by vif-route/vif-nat and anti-spoofing).' },
  { name: 'backend', doc: 'Driver domain that serves this interface.', default: '0' },
  { name: 'rate', doc: 'Bandwidth limit `AMOUNT[G|M|K](B|b)/s[@INTERVAL]`, e.g. `10Mb/s@20ms`. A bare interval number means seconds.', default: 'unlimited; interval 50ms' },
  { name: 'devid', doc: 'Device index of the interface inside the guest.' },
  { name: 'mtu', doc: 'MTU of the backend interface.', default: '1500' },
  { name: 'vlan', doc: 'VLAN configuration passed unparsed to the backend script, e.g. `10`, `10p/20`, `100-110u`.' },
  { name: 'trusted', doc: 'Flag: the backend is trusted by the guest.' },
  { name: 'untrusted', doc: 'Flag: the backend is not trusted by the guest.' },
  { name: 'accel', doc: 'Obsolete; xl prints that it is not supported and ignores it.' },
  { name: 'forwarddev', doc: 'COLO: forwarding device.' },
  ...COLO_KEYS.map((k) => ({ name: k, doc: 'COLO network proxy setting (unstable interface).' })),
];

interface RateResult {
  bytesPerSec?: bigint;
  intervalUs?: bigint;
}

/** libxlu_vif.c: xlu_vif_parse_rate. Reports fatal problems into b. */
export function parseRate(b: Builder, v: string, vs: number): RateResult {
  const at = v.indexOf('@');
  const amount = at < 0 ? v : v.slice(0, at);
  const res: RateResult = {};
  const bad = (s: number, e: number, msg: string): RateResult => {
    b.fatal(s, e, `xl refuses to start the domain: ${msg}`);
    return {};
  };
  if (amount === '') return bad(vs, vs + v.length, 'no rate specified (write e.g. `10Mb/s`)');
  // vif_bytes_per_sec_re = "^[0-9]+[GMK]?[Bb]/s$"
  if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(amount)) {
    let why = ' (form: digits, optional G/M/K in upper case, then B for bytes or b for bits, then `/s`, e.g. `10Mb/s`)';
    if (/^[0-9]+[gmk][Bb]\/s$/.test(amount)) why = ' (the unit prefix must be upper case: G, M or K)';
    else if (/^[0-9]+[GMKgmk]?\/s$/.test(amount)) why = ' (say `B` for bytes or `b` for bits before `/s`)';
    else if (/^[0-9]+[GMKgmk]?[Bb]$/.test(amount)) why = ' (`/s` is required)';
    return bad(vs, vs + amount.length, `invalid rate ${q(amount)}${why}`);
  }
  // strtoull(..., 0): a leading 0 reads octal and stops at 8/9.
  const r = strtoul(amount, 0, 0);
  let val = r.value;
  const p = r.end;
  const u = amount[p];
  if (u === 'G') val *= 1000000000n;
  else if (u === 'M') val *= 1000000n;
  else if (u === 'K') val *= 1000n;
  if (u === 'b' || amount[p + 1] === 'b') val /= 8n;
  if (amount.length > 1 && amount[0] === '0' && r.ok) {
    b.info(vs, vs + p, `the amount starts with 0, so xl reads it as octal (${r.value.toString()} decimal)`);
  }
  if (val === 0n || val > 0xffffffffn) {
    return bad(vs, vs + amount.length, `rate overflow: ${q(amount)} is ${val === 0n ? 'zero' : 'more than 2^32-1 bytes per second'}`);
  }
  res.bytesPerSec = val;
  let interval = 50000n;
  if (at >= 0) {
    const iv = v.slice(at + 1);
    const is = vs + at + 1;
    // vif_internal_usec_re = "^[0-9]+[mu]?s?$"
    if (!/^[0-9]+[mu]?s?$/.test(iv)) {
      return bad(is, is + iv.length, `invalid replenishment interval ${q(iv)} (digits then \`s\`, \`ms\` or \`us\`)`);
    }
    const ir = strtoul(iv, 0, 0);
    let us = ir.value;
    const c = iv[ir.end];
    if (c === undefined || c === 's') {
      us *= 1000000n;
      if (c === undefined) {
        b.info(is, is + iv.length, `a bare interval number means seconds to xl (${ir.value} s), although the manual says microseconds; write \`${iv}us\` or \`${iv}ms\` to be explicit`);
      }
    } else if (c === 'm') us *= 1000n;
    if (us === 0n || us > 0xffffffffn) {
      return bad(is, is + iv.length, `replenishment interval overflow: ${q(iv)} is ${us === 0n ? 'zero' : 'more than 2^32-1 microseconds'}`);
    }
    interval = us;
  }
  if (val * interval > ULONG_MAX) return bad(vs, vs + v.length, 'rate overflow');
  res.intervalUs = interval;
  return res;
}

function parseMac(b: Builder, v: string, vs: number): string | undefined {
  // xl_parse.c: six strtoul(,16) groups, any one character between them,
  // nothing checked after the sixth.
  let p = 0;
  const bytes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = strtoul(v, p, 16);
    if (!r.ok || r.value > 255n) {
      b.warn(vs, vs + v.length, `xl prints "Invalid parameter \`mac'." and continues with a partly set address: ${q(v)} is not six hex bytes like \`00:16:3e:12:34:56\``);
      return undefined;
    }
    bytes.push(Number(r.value));
    p = r.end + 1;
    if (i < 5 && r.end >= v.length) {
      b.warn(vs, vs + v.length, `xl prints "Invalid parameter \`mac'." and continues with a partly set address: ${q(v)} has only ${i + 1} byte(s)`);
      return undefined;
    }
  }
  const after = p - 1;
  if (after < v.length) b.info(vs + after, vs + v.length, `xl ignores ${q(v.slice(after))} after the sixth byte`);
  if (bytes[0] & 1) b.warn(vs, vs + v.length, 'this is a multicast MAC address (lowest bit of the first byte set); a NIC needs a unicast address');
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
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
      b.warn(vs + off, vs + off + t.length, `vlan term ${q(t)} is not \`N\`, \`Np\`, \`Nu\`, \`N-M[u]\` or \`N+OFFxCOUNT[u]\`; xl passes it on and the backend script may reject it`);
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
  else if (pvids === 0 && ids > 1) b.warn(vs, vs + v.length, 'several VLAN IDs but no PVID (`Np`); the backend needs exactly one');
}


export function parseVif(text: string): SpecParse {
  const b = new Builder('vif-spec', text);
  const seen = new Map<string, string>();
  let type: string | undefined;
  for (const { tok: t, key, value: v, valueStart: vs, hasEq } of strtokKv(text)) {
    if (t.text === '') continue;
    if (FLAGS.includes(t.text)) {
      b.field(t.text, '', t.start, t.end, t.end);
      seen.set('trusted', t.text === 'trusted' ? 'yes' : 'no');
      continue;
    }
    if (!hasEq || !KEYS.includes(key)) {
      b.warn(t.start, t.end, `xl prints "unrecognized argument" for ${q(t.text)} and ignores it` +
        (!hasEq && KEYS.includes(t.text) ? ` (write \`${t.text}=...\`)` : didYouMeanNote(key, [...KEYS, ...FLAGS])));
      continue;
    }
    b.field(key, v, t.start, t.end, vs);
    switch (key) {
      case 'mac': {
        const m = parseMac(b, v, vs);
        if (m) seen.set('mac', m);
        break;
      }
      case 'type':
        if (v === 'vif' || v === 'ioemu') type = v;
        else b.warn(vs, t.end, `xl prints "Invalid parameter \`type'." and keeps the default: ${q(v)} is neither \`vif\` nor \`ioemu\` (case matters)`);
        break;
      case 'rate': {
        const r = parseRate(b, v, vs);
        if (r.bytesPerSec !== undefined) seen.set('rate', `${r.bytesPerSec} bytes/s, replenished every ${r.intervalUs} µs`);
        break;
      }
      case 'devid':
      case 'mtu': {
        // xl_parse.c: parse_ulong — strtoul(,10); no digits or ULONG_MAX exits.
        const x = parseUlong(b, key, { text: v, start: vs, end: vs + v.length }, 'to start the domain');
        if (x !== undefined) seen.set(key, x.toString());
        break;
      }
      case 'netdev':
        b.warn(t.start, t.end, 'xl warns that `netdev` is deprecated and uses it as `gatewaydev`');
        seen.set('gatewaydev', v);
        break;
      case 'accel':
        b.warn(t.start, t.end, 'xl prints that `accel` is not supported and ignores it');
        break;
      case 'vlan':
        checkVlan(b, v, vs);
        seen.set('vlan', v);
        break;
      default:
        seen.set(key, v);
    }
  }
  b.sum('mac', seen.get('mac') ?? 'random 00:16:3e:xx:xx:xx (default)');
  b.sum('bridge', seen.get('bridge') ?? 'xenbr0 (default)');
  b.sum('type', type ?? 'ioemu for HVM, vif otherwise (default)');
  b.sum('model', seen.get('model') ?? 'rtl8139 (default, HVM only)');
  b.sum('script', seen.get('script') ?? 'vif-bridge (default)');
  b.sum('backend', seen.get('backend') ?? '0 (default)');
  b.sum('rate', seen.get('rate') ?? 'unlimited (default)');
  if (seen.has('devid')) b.sum('devid', seen.get('devid')!);
  b.sum('mtu', seen.get('mtu') ?? '1500 (default)');
  for (const k of ['vifname', 'ip', 'gatewaydev', 'vlan', 'trusted']) if (seen.has(k)) b.sum(k, seen.get(k)!);
  return b.done();
}

export const vifSpec: SpecLanguage = { syntax: 'vif-spec', parse: parseVif, fields: vifFields };

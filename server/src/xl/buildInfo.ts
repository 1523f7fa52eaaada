// parse_config_data: scheduling, memory, vCPUs and their placement, grant table limits
// (tools/xl/xl_parse.c, from cpu_weight to claim_mode).
import { toInt32, toLong, toUint32, toUint64 } from '../libxl/cnum';
import { cpuBitmapAllocFailure } from '../libxl/cpuBitmap';
import { LargeBitmap, LibxlBitmap, MAX_MODELLED_BITS, MEMKB_DEFAULT } from '../libxl/value';
import { readAffinity } from './affinity';
import { readLlcColors, readVnuma } from './lists';
import type { RuleId } from '../rules';
import type { XlModel } from './model';

/** INT_MAX, the bound xl gives the grant table keys. */
const INT_MAX = 2n ** 31n - 1n;

/** `l * 1024` in C's long arithmetic, stored into a uint64 field. */
export function kib(l: bigint): bigint {
  return toUint64(toLong(l * 1024n));
}

export function readBuildInfo(m: XlModel): void {
  const { xlu, b } = m;
  const sched = ((b.sched_params as Record<string, number> | undefined) ??= {});
  for (const [key, field] of [
    ['cpu_weight', 'weight'],
    ['cap', 'cap'],
    ['period', 'period'],
    ['slice', 'slice'],
    ['latency', 'latency'],
    ['extratime', 'extratime'],
  ] as const) {
    m.reading(key, 'integer');
    const r = xlu.getLong(key);
    if (r.ok) sched[field] = toInt32(r.value);
  }

  m.reading('memory', 'memory').reading('maxmem', 'memory');
  const memory = xlu.getLong('memory');
  if (memory.ok) b.target_memkb = kib(memory.value);
  const maxmem = xlu.getLong('maxmem');
  if (maxmem.ok) b.max_memkb = kib(maxmem.value);

  // llc_colors: 4.20 (commit 748bd725fb).
  if (m.atLeast('4.20')) readLlcColors(m);

  m.reading('vcpus', 'integer').reading('maxvcpus', 'integer');
  let vcpus = 0n;
  const vcpusR = xlu.getLong('vcpus');
  if (m.atLeast('4.22')) {
    // 4.22 (commit 4b71a86eaa): fewer than one vCPU means one, and avail_vcpus is always set.
    if (vcpusR.ok) vcpus = vcpusR.value;
    if (vcpus < 1n) {
      if (vcpusR.ok)
        m.silent('value/range', 'vcpus', m.valueAt(vcpusR.setting), 'xl makes `vcpus` below 1 into 1 without a word');
      vcpus = 1n;
    }
    availVcpus(m, vcpus, 'vcpus');
  } else if (vcpusR.ok) {
    vcpus = vcpusR.value;
    availVcpus(m, vcpus, 'vcpus');
  }

  const maxvcpus = xlu.getLong('maxvcpus');
  if (maxvcpus.ok) b.max_vcpus = toInt32(maxvcpus.value);

  const vuart = xlu.getString('vuart');
  if (vuart.ok) {
    // libxl_vuart_type_from_string (case-insensitive).
    const v = m.fromString('libxl_vuart_type', vuart.setting, vuart.value);
    const arm = ((b.arch_arm as Record<string, unknown> | undefined) ??= {});
    if (v !== undefined) arm.vuart = v;
    else
      m.refuse(
        'value/enum',
        'vuart',
        m.valueAt(vuart.setting),
        [`ERROR: invalid value "${vuart.value}" for "vuart"`],
        `vuart "${vuart.value}" is unknown: xl refuses the domain`,
        { expected: ['sbsa_uart'] },
      );
  }

  readVnuma(m);

  // Defaults when neither the key nor vnuma set them.
  if (b.max_memkb === undefined || b.max_memkb === MEMKB_DEFAULT) {
    if (b.target_memkb !== undefined) b.max_memkb = b.target_memkb;
  }
  if (!b.max_vcpus) b.max_vcpus = toInt32(vcpus);
  if (BigInt(b.max_vcpus as number) < vcpus) {
    const at = maxvcpus.ok ? m.valueAt(maxvcpus.setting) : m.at('vcpus');
    m.refuse(
      'relation/maxvcpus-below-vcpus',
      'maxvcpus',
      at,
      ['xl: maxvcpus < vcpus'],
      `maxvcpus (${b.max_vcpus}) is below vcpus (${vcpus}): xl refuses the domain`,
    );
  }

  readAffinity(m, 'cpus', true);
  readAffinity(m, 'cpus_soft', false);

  // Bounded to 0..INT_MAX with warnings off: any problem makes xl exit without a word.
  for (const key of ['max_grant_frames', 'max_maptrack_frames', 'max_grant_version'] as const) {
    const r = xlu.getLong(key, true, 0n, INT_MAX);
    if (r.ok) b[key] = key === 'max_grant_version' ? toInt32(r.value) : toUint32(r.value);
    else if (r.why !== 'absent') {
      m.refuse(
        grantRule(r.why),
        key,
        m.valueAt(r.setting!),
        [],
        `\`${key}\` must be a number 0..2147483647: xl exits without a message`,
        { why: r.why },
      );
    }
    // Absent: xl.conf's value (unset there, so libxl's default).
  }

  // xl.conf's claim_mode, 1 unless set there.
  b.claim_mode = true;
}

function grantRule(why: string): RuleId {
  if (why === 'list') return 'value/string-expected';
  if (why === 'appended') return 'value/append-numeric';
  if (why === 'below-min' || why === 'above-max' || why === 'range') return 'value/range';
  return 'value/integer';
}

/**
 * libxl_cpu_bitmap_alloc(ctx, &avail_vcpus, vcpus) then bits vcpus-1 ... 0 set: the size is the
 * count converted to int and rounded up to bytes; 0 means the host's CPU count (then no bit is
 * set anyway); a negative int makes the allocation fail (libxl logs why, xl says "Unable to
 * allocate cpumap"), and one within 7 of INT_MAX makes libxl's size wrap and its allocation fatal.
 */
function availVcpus(m: XlModel, vcpus: bigint, key: string): void {
  const n = toInt32(vcpus);
  const failure = cpuBitmapAllocFailure(m.release, n);
  if (failure?.kind === 'error') {
    const printed = [...failure.printed, 'Unable to allocate cpumap'];
    m.refuse('value/range', key, m.at(key), printed, `\`${key}\` ${vcpus} is out of range: xl refuses the domain`);
    return;
  }
  if (failure) {
    const message = `\`${key}\` ${vcpus} overflows libxl's bitmap size: xl ${failure.effect === 'crash' ? 'aborts' : 'exits'}`;
    if (failure.effect === 'crash') m.crash('value/range', key, m.at(key), failure.printed, message);
    else m.refuse('value/range', key, m.at(key), failure.printed, message);
    return;
  }
  if (n === 0) {
    m.b.avail_vcpus = m.host.cpus === undefined ? new LibxlBitmap(0) : new LibxlBitmap(m.host.cpus);
    return;
  }
  if (n > MAX_MODELLED_BITS) {
    m.b.avail_vcpus = new LargeBitmap(n);
    return;
  }
  const map = new LibxlBitmap(n);
  const top = vcpus < BigInt(map.size) ? Number(vcpus) : map.size;
  for (let i = 0; i < top; i++) map.set(i);
  m.b.avail_vcpus = map;
}

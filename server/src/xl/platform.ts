// parse_config_data after the guest-type switch: alternate p2m, the Intel PT trace buffer, and the
// I/O ports, IRQs and memory ranges passed through (tools/xl/xl_parse.c).
import { toInt32, toUint32 } from '../libxl/cnum';
import { enumName } from '../libxl/idl';
import { readIomem, readIoports, readIrqs } from './lists';
import { silentlyIgnored, type XlModel } from './model';

export function readPlatform(m: XlModel): void {
  const { xlu, b } = m;

  const asLong = xlu.getLong('altp2m', true);
  if (asLong.ok) {
    // LIBXL_ALTP2M_MODE_DISABLED .. LIBXL_ALTP2M_MODE_LIMITED
    if (asLong.value < 0n || asLong.value > 3n) {
      m.refuse(
        'value/range',
        'altp2m',
        m.valueAt(asLong.setting),
        [`ERROR: invalid value ${asLong.value} for "altp2m"`],
        `altp2m ${asLong.value} is not 0..3: xl refuses the domain`,
      );
    } else b.altp2m = enumName('libxl_altp2m_mode', Number(asLong.value), m.release)!;
  } else {
    const asString = xlu.getString('altp2m');
    if (asString.ok) {
      const mode = m.fromString('libxl_altp2m_mode', asString.setting, asString.value);
      if (mode !== undefined) b.altp2m = mode;
      else
        m.refuse(
          'value/enum',
          'altp2m',
          m.valueAt(asString.setting),
          [`ERROR: invalid value "${asString.value}" for "altp2m"`],
          `altp2m "${asString.value}" is unknown: xl refuses the domain`,
          { expected: ['disabled', 'mixed', 'external', 'limited'] },
        );
    }
  }

  if (m.atLeast('4.21')) {
    // 4.21 (commit 3712f464fd): the number of alternate p2m views, a uint16.
    const count = xlu.getLong('altp2m_count', true);
    if (count.ok) {
      if (count.value !== BigInt.asUintN(16, count.value)) {
        m.refuse(
          'value/range',
          'altp2m_count',
          m.valueAt(count.setting),
          [`ERROR: invalid value ${count.value} for "altp2m_count"`],
          `altp2m_count ${count.value} is not 0..65535: xl refuses the domain`,
        );
      } else b.altp2m_count = toUint32(count.value);
    } else silentlyIgnored(m, count);
  }

  const vmtrace = xlu.getLong('vmtrace_buf_kb', true);
  if (vmtrace.ok && vmtrace.value !== 0n) b.vmtrace_buf_kb = toInt32(vmtrace.value);
  else if (!vmtrace.ok) silentlyIgnored(m, vmtrace);

  readIoports(m);
  readIrqs(m);
  readIomem(m);
}

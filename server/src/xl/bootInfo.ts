// parse_config_data: memory for shadow page tables, migration, timekeeping, the kernel and its
// command line, the bootloader (tools/xl/xl_parse.c, from shadow_memory to nestedhvm).
import { toUint32 } from '../libxl/cnum';
import { enumName } from '../libxl/idl';
import { kib } from './buildInfo';
import type { Span, XlModel } from './model';

/** C strtok over `delims`: the non-empty runs between delimiter characters. */
export function strtokAll(s: string, delims: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (delims.includes(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

export function readBootInfo(m: XlModel): void {
  const { xlu, b, c } = m;

  m.reading('shadow_memory', 'memory');
  const shadow = xlu.getLong('shadow_memory');
  if (shadow.ok) b.shadow_memkb = kib(shadow.value);

  m.reading('nomigrate', 'boolean');
  const nomigrate = xlu.getDefbool('nomigrate');
  if (nomigrate.ok) b.disable_migrate = nomigrate.value;

  readTscMode(m);

  m.reading('rtc_timeoffset', 'integer');
  const rtc = xlu.getLong('rtc_timeoffset');
  if (rtc.ok) b.rtc_timeoffset = toUint32(rtc.value);

  m.reading('vncviewer', 'boolean');
  const vncviewer = xlu.getLong('vncviewer');
  if (vncviewer.ok) {
    m.warn(
      'key/ignored',
      'vncviewer',
      m.keyAt(vncviewer.setting),
      ['WARNING: ignoring "vncviewer" option. Use "-V" option of "xl create" to automatically spawn vncviewer.'],
      'xl ignores `vncviewer` with a warning: use `xl create -V`',
    );
  }

  m.reading('localtime', 'boolean');
  const localtime = xlu.getDefbool('localtime');
  if (localtime.ok) b.localtime = localtime.value;

  m.reading('videoram', 'memory');
  const videoram = xlu.getLong('videoram');
  if (videoram.ok) b.video_memkb = kib(videoram.value);

  m.reading('max_event_channels', 'integer');
  const evtchn = xlu.getLong('max_event_channels');
  if (evtchn.ok) b.event_channels = toUint32(evtchn.value);

  for (const key of ['kernel', 'ramdisk', 'device_tree'] as const) {
    const r = xlu.getString(key);
    if (r.ok) b[key] = r.value;
  }
  readCmdline(m);

  m.reading('driver_domain', 'boolean').reading('acpi', 'boolean');
  const driverDomain = xlu.getDefbool('driver_domain');
  if (driverDomain.ok) c.driver_domain = driverDomain.value;
  const acpi = xlu.getDefbool('acpi');
  if (acpi.ok) b.acpi = acpi.value;

  // Debian builds xl with pygrub (HAVE_PYGRUB), so `bootloader = "pygrub"` is accepted.
  const bootloader = xlu.getString('bootloader');
  if (bootloader.ok) b.bootloader = bootloader.value;
  if (m.atLeast('4.18')) {
    // 4.18 (commit 1f762642d2): the bootloader can run as an unprivileged user.
    m.reading('bootloader_restrict', 'boolean');
    const restrict = xlu.getDefbool('bootloader_restrict');
    if (restrict.ok) b.bootloader_restrict = restrict.value;
    const user = xlu.getString('bootloader_user');
    if (user.ok) b.bootloader_user = user.value;
  }
  readBootloaderArgs(m);

  readTimerMode(m);

  m.reading('nestedhvm', 'boolean');
  const nested = xlu.getDefbool('nestedhvm');
  if (nested.ok) b.nested_hvm = nested.value;
}

function readTscMode(m: XlModel): void {
  const { xlu, b } = m;
  const asLong = xlu.getLong('tsc_mode', true);
  if (asLong.ok) {
    const l = asLong.value;
    const word = enumFromInteger(m, 'tsc_mode', 'libxl_tsc_mode', l, m.valueAt(asLong.setting));
    if (word !== undefined) b.tsc_mode = word;
    return;
  }
  const asString = xlu.getString('tsc_mode');
  if (!asString.ok) return;
  // 4.19 (commit 6eb13b6b1d) dropped this debugging line.
  if (!m.atLeast('4.19'))
    m.warn(
      'xl/notice',
      'tsc_mode',
      m.valueAt(asString.setting),
      [`got a tsc mode string: "${asString.value}"`],
      'xl prints the tsc_mode string it read (a leftover debugging line)',
    );
  const tsc = m.fromString('libxl_tsc_mode', asString.setting, asString.value);
  if (tsc === undefined) {
    m.refuse(
      'value/enum',
      'tsc_mode',
      m.valueAt(asString.setting),
      [`ERROR: invalid value "${asString.value}" for "tsc_mode"`],
      `tsc_mode "${asString.value}" is unknown: xl refuses the domain`,
      {
        // native_paravirt is a word xl knows, but libxl refuses it (libxl_x86.c: "has been removed").
        expected: ['default', 'always_emulate', 'native'],
      },
    );
    return;
  }
  b.tsc_mode = tsc;
}

/** xl_parse.c: parse_cmdline — `cmdline`, else "root=" root plus `extra`. */
function readCmdline(m: XlModel): void {
  const { xlu, b } = m;
  const cmdline = xlu.getString('cmdline');
  const root = xlu.getString('root');
  const extra = xlu.getString('extra');
  if (cmdline.ok) {
    b.cmdline = cmdline.value;
    // One line, even when both are set: the first of them carries it.
    const ignored = [root, extra].flatMap((r) => (r.ok ? [r.setting] : []));
    ignored.forEach((s, i) => {
      const printed = i === 0 ? ['Warning: ignoring root= and extra= in favour of cmdline='] : [];
      m.warn(
        'relation/cmdline-overrides',
        s.key,
        m.keyAt(s),
        printed,
        `\`cmdline\` is set, so xl warns and ignores \`${s.key}\``,
      );
    });
  } else if (root.ok && extra.ok) b.cmdline = `root=${root.value} ${extra.value}`;
  else if (root.ok) b.cmdline = `root=${root.value}`;
  else if (extra.ok) b.cmdline = extra.value;
}

function readBootloaderArgs(m: XlModel): void {
  const { xlu, b } = m;
  const list = xlu.getListAsStringList('bootloader_args', true);
  if (list.ok) {
    b.bootloader_args = list.value;
    return;
  }
  if (list.why !== 'not-a-list') return;
  const s = xlu.getString('bootloader_args');
  if (!s.ok) return;
  const at = m.valueAt(s.setting);
  m.warn(
    'value/list-expected',
    'bootloader_args',
    at,
    ['WARNING: Specifying "bootloader_args" as a string is deprecated. Please use a list of arguments.'],
    '`bootloader_args` as a string is deprecated: xl warns; use a list',
  );
  const words = strtokAll(s.value, ' \t\n');
  // split_string_into_string_list strdup()s the first token even when there is none.
  if (!words.length)
    m.crash('value/list-expected', 'bootloader_args', at, [], 'A blank `bootloader_args` string crashes xl');
  else b.bootloader_args = words;
}

function readTimerMode(m: XlModel): void {
  const { xlu, b } = m;
  const pvRefusal = (at: { start: number; end: number }): void => {
    m.refuse(
      'relation/timer-mode-pv',
      'timer_mode',
      at,
      ['ERROR: "timer_mode" option is not supported for PV guests.'],
      '`timer_mode` is not for PV guests: xl refuses the domain',
    );
  };
  const asLong = xlu.getLong('timer_mode', true);
  if (asLong.ok) {
    const l = asLong.value;
    const at = m.valueAt(asLong.setting);
    if (b.type === 'pv') return pvRefusal(m.keyAt(asLong.setting));
    const word = enumFromInteger(m, 'timer_mode', 'libxl_timer_mode', l, at);
    if (word !== undefined) b.timer_mode = word;
    return;
  }
  const asString = xlu.getString('timer_mode');
  if (!asString.ok) return;
  if (b.type === 'pv') return pvRefusal(m.keyAt(asString.setting));
  const timer = m.fromString('libxl_timer_mode', asString.setting, asString.value);
  if (timer === undefined) {
    m.refuse(
      'value/enum',
      'timer_mode',
      m.valueAt(asString.setting),
      [`ERROR: invalid value "${asString.value}" for "timer_mode"`],
      `timer_mode "${asString.value}" is unknown: xl refuses the domain`,
    );
    return;
  }
  b.timer_mode = timer;
}

/**
 * An enum option given as an integer (xl_parse.c reads tsc_mode and timer_mode the same way): xl
 * warns that the number is deprecated, naming the word it stands for, and refuses a value outside
 * 0..3. The word xl stores, or undefined after a refusal.
 */
function enumFromInteger(m: XlModel, key: string, enumType: string, l: bigint, at: Span): string | undefined {
  const word = l >= -(2n ** 31n) && l < 2n ** 31n ? enumName(enumType, Number(l), m.release) : undefined;
  const eg = word ? `e.g. ${key}="${word}"` : '';
  m.warn(
    'value/enum-integer',
    key,
    at,
    [`WARNING: specifying "${key}" as an integer is deprecated. Please use the named parameter variant. ${eg}`],
    word ? `${key} as a number is deprecated: xl warns; write "${word}"` : `${key} as a number is deprecated: xl warns`,
    { word },
  );
  if (l < 0n || l > 3n) {
    m.refuse(
      'value/range',
      key,
      at,
      [`ERROR: invalid value ${l} for "${key}"`],
      `${key} ${l} is not 0..3: xl refuses the domain`,
    );
    return undefined;
  }
  return word!;
}

// parse_config_data: on_poweroff ... on_soft_reset (tools/xl/xl_parse.c: parse_action_on_shutdown,
// an exact, case-sensitive match against action_on_shutdown_names).
import type { XlModel } from './model';

/** xl's words and the libxl_action_on_shutdown value each stands for. */
export const SHUTDOWN_ACTIONS: Readonly<Record<string, string>> = {
  destroy: 'destroy',
  restart: 'restart',
  'rename-restart': 'restart_rename',
  preserve: 'preserve',
  'coredump-destroy': 'coredump_destroy',
  'coredump-restart': 'coredump_restart',
  'soft-reset': 'soft_reset',
};

const KEYS: ReadonlyArray<[key: string, fallback: string]> = [
  ['on_poweroff', 'destroy'],
  ['on_reboot', 'restart'],
  ['on_watchdog', 'destroy'],
  ['on_crash', 'destroy'],
  ['on_soft_reset', 'soft-reset'],
];

export function readShutdownActions(m: XlModel): void {
  for (const [key, fallback] of KEYS) {
    const r = m.xlu.getString(key);
    const word = r.ok ? r.value : fallback;
    const action = Object.hasOwn(SHUTDOWN_ACTIONS, word) ? SHUTDOWN_ACTIONS[word] : undefined;
    if (action) m.d[key] = action;
    else if (r.ok) {
      m.refuse(
        'value/enum',
        key,
        m.valueAt(r.setting),
        [`Unknown ${key} action "${word}" specified`],
        `"${word}" is no ${key} action: xl refuses the domain`,
        { expected: Object.keys(SHUTDOWN_ACTIONS) },
      );
    }
  }
}

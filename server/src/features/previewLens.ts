// Where the boot preview's CodeLens goes: on the force_x2apic statement xl reads (the last one),
// the key the simulation is about. A file without it gets no lens, whatever its guest type.
import type { CheckResult } from '../checks/check';
import type { Range } from '../diagnostic';

export function previewLensRange(result: CheckResult): Range | undefined {
  const setting = result.domain.forceX2apic.setting;
  const stmt = setting?.all[setting.all.length - 1];
  return stmt ? result.file.lines.range(stmt.keyStart, stmt.keyEnd) : undefined;
}

// What libxl (and Xen's domain-create hypercall) does with the domain config xl hands it, from the
// libxl stage (server/src/libxl/domainCreate.ts): refusals and warnings at creation, what it
// changes without a word, and what depends on the host until its shape is given. Plus the one
// documented rule nobody enforces (maxmem below memory).
import type { Severity } from '../../diagnostic';
import type { LibxlStruct } from '../../libxl/value';
import type { RuleId } from '../../rules';
import { valueSpan } from '../../xl/libxlu';
import { removeKeyFix } from '../edits';
import { spanOf } from '../keyPlace';
import type { OffsetFix, RuleContext, RuleModule } from '../rule';

const SEVERITY: Record<string, Severity> = {
  refusal: 'error',
  crash: 'error',
  warning: 'warning',
  silent: 'information',
};

export const libxlRules: RuleModule = {
  name: 'libxl',
  needsCompleteFile: true,
  check(ctx) {
    const { file, libxl } = ctx;
    // libxl runs only on what xl accepted; after an xl refusal its findings are conditional, and
    // only worth showing when they are about keys the file sets.
    const conditional = !ctx.xl.accepted;
    for (const r of libxl.reports) {
      const at = spanOf(file, r.keys, true);
      if (at.key === undefined) {
        // About something the file does not set (a default): only when libxl is really reached.
        if (conditional) continue;
      }
      ctx.report({
        id: r.rule as RuleId,
        start: at.start,
        end: at.end,
        severity: SEVERITY[r.effect],
        message: r.message,
        claim: {
          by: r.by === 'xen' ? 'xen' : 'libxl',
          effect: r.effect,
          printed: r.printed,
          ...(conditional || r.afterRefusal ? { afterEarlierExit: true } : {}),
        },
        fixes: fixesFor(ctx, r.rule, at.key),
        ...(r.effect === 'silent' ? { unnecessary: true } : {}),
      });
    }
    // Decided by the host's shape: say what would happen, without claiming it does.
    for (const u of libxl.undecided) {
      const at = spanOf(file, u.keys, false);
      if (at.key === undefined) continue;
      ctx.report({ id: u.rule as RuleId, start: at.start, end: at.end, severity: 'hint', message: u.message });
    }
    maxmemBelowMemory(ctx);
  },
};

function fixesFor(ctx: RuleContext, rule: string, key: string | undefined): OffsetFix[] {
  const s = key ? ctx.file.settings.get(key) : undefined;
  if (!s) return [];
  if (
    rule === 'relation/spiceusbredirection-without-spice' ||
    rule === 'relation/bios-path-ignored' ||
    rule === 'relation/videoram-ignored'
  )
    return [removeKeyFix(ctx.file, s)];
  return [];
}

/** The manual says maxmem >= memory; neither xl nor libxl checks it. */
function maxmemBelowMemory(ctx: RuleContext): void {
  const b = (ctx.xl.config.b_info as LibxlStruct | undefined) ?? {};
  const memory = b.target_memkb as bigint | undefined;
  const maxmem = b.max_memkb as bigint | undefined;
  const s = ctx.file.settings.get('maxmem');
  if (!s || !ctx.xl.reads.has('maxmem') || memory === undefined || maxmem === undefined || maxmem >= memory) return;
  ctx.report({
    id: 'relation/maxmem-below-memory',
    ...valueSpan(s),
    message: 'maxmem is below memory: the manual forbids it, but neither xl nor libxl checks',
  });
}

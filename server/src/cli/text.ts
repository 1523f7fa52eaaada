// Human output. Messages quote config text, so every control character (ANSI escapes included)
// is shown escaped: a config file can never drive the terminal.
import type { Diagnostic } from '../diagnostic';
import type { DesignComparison, SimulationView } from '../features/simulation';

export function safeText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

export function checkText(results: Array<{ name: string; diagnostics: Diagnostic[] }>): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      lines.push(
        `${safeText(r.name)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${safeText(d.message)} [${d.code}]`,
      );
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function simulationText(v: SimulationView): string {
  const out: string[] = [];
  // A refused config never boots: that comes first, and the simulation below is hypothetical.
  if (!v.created) {
    v.refusals.forEach((r, i) => {
      const who = r.headline;
      if (i === 0) out.push(`${safeText(v.file)}: not created: ${who}, so it never boots`);
      else out.push(`  then, once that is fixed: ${who}`);
      out.push(`  line ${r.range.start.line + 1}: ${safeText(r.message)} [${r.rule}]`);
      for (const p of r.printed) out.push(`    ${r.by === 'xl' ? 'xl' : 'libxl'} prints: ${safeText(p)}`);
    });
    out.push('', 'If it were created:');
  }
  out.push(
    `${safeText(v.file)}: force_x2apic ${v.forceX2apic ? 'on' : 'off'}, design ${v.design}${v.applicable ? '' : ' (not applicable: PV guests have no emulated local APIC)'}`,
  );
  for (const c of v.chain) out.push(`  ${c.role.padEnd(10)} ${c.value.padEnd(8)} (${safeText(c.source)})`);
  if (v.applicable) {
    out.push('', '  vCPU  IA32_APIC_BASE  mode      APIC ID  LDR         online');
    for (const s of v.vcpus) {
      out.push(
        `  ${String(s.vcpu).padStart(4)}  ${s.apicBase.padEnd(14)}  ${s.mode.padEnd(8)}  ${String(s.apicId).padStart(7)}  ${s.ldr}  ${s.online ? 'yes' : 'no'}`,
      );
    }
  }
  out.push(
    '',
    `  boot: ${v.boot.outcome} at ${v.boot.stage}${v.boot.waitingFor ? ` (waiting for ${v.boot.waitingFor})` : ''}, confidence ${v.boot.confidence}`,
  );
  out.push(`  ${safeText(v.boot.explanation)}`);
  if (v.boot.firstProblem)
    out.push(
      `  first problem: ${v.boot.firstProblem.stage} vCPU ${v.boot.firstProblem.vcpu}: ${safeText(v.boot.firstProblem.op)} ${safeText(v.boot.firstProblem.detail)} -> ${v.boot.firstProblem.result}`,
    );
  for (const c of v.boot.citations) out.push(`  source: ${safeText(c)}`);
  if (v.applicable) {
    const l = v.lock;
    out.push(
      `  lock advertised to the guest: ${l.advertised ? 'yes' : 'no'} (RDMSR 0x10A: ${l.archCapabilities}, RDMSR 0xBD: ${l.xapicDisableStatus})`,
    );
  }
  for (const n of v.notes ?? []) out.push(`  note: ${safeText(n)}`);
  if (v.compare)
    out.push(
      `  with force_x2apic ${v.compare.forceX2apic ? 'on' : 'off'}: ${v.compare.outcome} at ${v.compare.stage} (confidence ${v.compare.confidence})`,
    );
  if (v.designs) out.push('', ...designsText(v.designs));
  return out.join('\n') + '\n';
}

function designsText(c: DesignComparison): string[] {
  const out = [`  designs compared${c.flagAssumed ? ' (force_x2apic assumed on: the file leaves it off)' : ''}:`];
  for (const r of c.runs) {
    const cur = r.design === c.current ? ' (in use)' : '';
    out.push(
      `    ${r.design}${cur}: ${r.outcome} at ${r.stage}, confidence ${r.confidence}; lock advertised ${r.lock.advertised ? 'yes' : 'no'}; rule ${r.rule ?? 'none'}`,
    );
  }
  if (c.differences.length) {
    out.push('  what differs for this guest:');
    for (const d of c.differences) out.push(`    - ${safeText(d)}`);
  } else out.push('  nothing differs for this guest.');
  if (c.note) out.push(`  ${safeText(c.note)}`);
  return out;
}

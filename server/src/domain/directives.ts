// `# xlcfg: name=value` comments: facts about the guest that the config itself cannot say
// (which OS it runs, which CPU vendor the host has). xl ignores them like any comment.
import type { Comment, ConfigFile } from '../syntax/tree';

export interface FactDirective {
  name: string;
  value: string;
  /** Offsets of the value inside the comment, for diagnostics and hovers. */
  start: number;
  end: number;
  /** Offsets of the whole comment. */
  commentStart: number;
  commentEnd: number;
}

export const FACT_NAMES = ['guest-os', 'host-cpu', 'arch', 'design', 'linux-version'] as const;

const FACT = /^#\s*xlcfg:\s*(.*)$/;
const PAIR = /([a-z][a-z-]*)\s*=\s*([^\s,]*)/g;

export function factDirectives(file: ConfigFile, comments: readonly Comment[] = file.directiveComments): FactDirective[] {
  const out: FactDirective[] = [];
  for (const c of comments) {
    const text = file.text.slice(c.start, c.end);
    const m = FACT.exec(text);
    if (!m) continue;
    const bodyStart = c.start + text.length - m[1].length;
    PAIR.lastIndex = 0;
    for (let p = PAIR.exec(m[1]); p; p = PAIR.exec(m[1])) {
      const valueStart = bodyStart + p.index + p[0].length - p[2].length;
      out.push({ name: p[1], value: p[2], start: valueStart, end: valueStart + p[2].length, commentStart: c.start, commentEnd: c.end });
    }
  }
  return out;
}

// Decoding of quoted strings exactly as libxlutil does it
// (tools/libs/util/libxlu_cfg.c: xlu__cfgl_dequote), quirks included:
//  - `\x..` is always rejected (the code skips one character too many, then demands 2 hex digits
//    where at most 1 remains);
//  - `\0`..`\7` read the next 3 characters with strtoul in base 10; if that consumed at least 2
//    characters the escape is accepted but produces nothing (the computed value is never stored);
//  - any other character after a backslash is rejected (since Xen 4.7).
// A NUL byte inside quotes makes libxlutil's own assertion fail (strlen stops at it), which
// aborts xl.

import type { RuleId } from '../rules';
export interface EscapeProblem {
  start: number;
  end: number;
  code: RuleId;
  severity: 'error' | 'warning';
  message: string;
}

export interface Dequoted {
  value: string;
  sourceMap?: number[];
  problems: EscapeProblem[];
}

const SIMPLE: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** How many characters C's strtoul(window, &ep, 10) consumes (0 when nothing converts). */
function strtoulConsumed(window: string): number {
  let i = 0;
  while (i < window.length && isCSpace(window[i])) i++;
  if (i < window.length && (window[i] === '+' || window[i] === '-')) i++;
  const digitsStart = i;
  while (i < window.length && window[i] >= '0' && window[i] <= '9') i++;
  return i === digitsStart ? 0 : i;
}

/**
 * Decode the literal text[start, end): `start` is the opening quote; `end` is just past the closing
 * quote, or the end of the line for an unterminated literal.
 */
export function dequote(text: string, start: number, end: number, terminated: boolean): Dequoted {
  const innerEnd = terminated ? end - 1 : end;
  const problems: EscapeProblem[] = [];
  let out = '';
  let map: number[] | undefined;
  let sawNul = false;
  let runStart = start + 1;

  const flush = (upTo: number): void => {
    if (upTo > runStart) {
      if (map) for (let k = runStart; k < upTo; k++) map.push(k);
      out += text.slice(runStart, upTo);
    }
  };
  const startMap = (): void => {
    if (!map) {
      map = [];
      for (let k = start + 1; k < start + 1 + out.length; k++) map.push(k);
    }
  };

  let p = start + 1;
  while (p < innerEnd) {
    const ch = text.charCodeAt(p);
    if (ch === 0 && !sawNul) {
      sawNul = true;
      problems.push({
        start: p,
        end: p + 1,
        code: 'syntax/nul',
        severity: 'error',
        message: 'A NUL byte in a quoted string: xl aborts on it. Remove it.',
      });
    }
    if (ch !== 92 /* \ */) {
      p++;
      continue;
    }
    flush(p);
    startMap();
    const esc = p;
    const nc = text[p + 1] ?? '';
    p += 2;
    const simple = SIMPLE[nc];
    if (simple !== undefined) {
      out += simple;
      map!.push(esc);
    } else if (nc === 'x') {
      const stop = Math.min(innerEnd, p + 2);
      problems.push({
        start: esc,
        end: stop,
        code: 'syntax/escape',
        severity: 'error',
        message: 'xl rejects every `\\x` escape, and the file with it: write the character itself',
      });
      p = stop;
    } else if (nc >= '0' && nc <= '7') {
      // strncpy(numbuf, p, 3): the window may include the closing quote but nothing after it.
      const window = text.slice(p, Math.min(p + 3, end));
      const used = strtoulConsumed(window);
      if (used <= 1) {
        problems.push({
          start: esc,
          end: Math.min(innerEnd, p + Math.max(used, 1)),
          code: 'syntax/escape',
          severity: 'error',
          message: `xl rejects \`\\${nc}\` here (an octal escape needs 2 more digits, and even then yields nothing)`,
        });
        p += used;
      } else {
        p += used;
        problems.push({
          start: esc,
          end: p,
          code: 'syntax/escape-dropped',
          severity: 'warning',
          message: `xl accepts \`${text.slice(esc, p)}\` but drops it from the value: write the character itself`,
        });
      }
    } else {
      const shown = nc === '' ? 'end of string' : `\`\\${nc}\``;
      problems.push({
        start: esc,
        end: Math.min(p, innerEnd),
        code: 'syntax/escape',
        severity: 'error',
        message:
          `xl rejects the escape ${shown} (valid: \\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v), ` + 'and the file with it',
      });
    }
    runStart = p;
  }
  flush(innerEnd);
  return map ? { value: out, sourceMap: map, problems } : { value: out, problems };
}

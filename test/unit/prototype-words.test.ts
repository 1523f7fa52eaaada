// Words that are also members of Object.prototype (`constructor`, `toString`, ...) are valid
// xl.cfg keys and values; every table lookup by config text must treat them as ordinary words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { completeAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { simulateDocument } from '../../server/src/features/simulation';
import { defaultOptions } from '../../server/src/options';

const WORDS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
const KEYS = [
  'builder',
  'type',
  'bios',
  'firmware',
  'tsc_mode',
  'vga',
  'on_crash',
  'viridian',
  'cpuid',
  'disk',
  'vif',
  'pci',
  'channel',
  'smbios',
  'constructor',
];

/** What leaks when a lookup finds a prototype member instead of a table entry. */
const LEAK = /native code|function \w*\(|\[object/;

test('prototype-member words in keys, values, specs and directives are ordinary words', () => {
  // Texts already found clean (the same documentation comes back for many requests).
  const clean = new Set<string>();
  const assertInert = (s: string, where: string): void => {
    if (clean.has(s)) return;
    assert.doesNotMatch(s, LEAK, where);
    clean.add(s);
  };
  for (const w of WORDS) {
    for (const k of KEYS) {
      for (const form of [`"${w}"`, `[ "${w}" ]`, `"host,${w}=1"`, `"${w}=${w}"`]) {
        const text = `# xlcfg: ${w}=${w}\nname = "x"\ntype = "hvm"\n${k} = ${form}\nconstructor = "${w}"\n`;
        const r = checkText(text, defaultOptions());
        for (const d of r.diagnostics) {
          assert.notEqual(d.code, 'internal/error', `${k} = ${form}: ${d.message}`);
          assert.doesNotMatch(d.message, /native code|function \w*\(|\[object|undefined guest/, `${k} = ${form}`);
        }
        let sim: ReturnType<typeof simulateDocument> | undefined;
        for (let off = 0; off <= text.length; off += 2) {
          const h = hoverAt(r, off, () => (sim ??= simulateDocument(r)));
          if (h) assertInert(h.markdown, `hover ${k} = ${form} @${off}`);
        }
        // Completion looks words up where they are typed: at, inside and after each one.
        for (const word of new Set([w, k])) {
          for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            for (const off of [at, at + 1, at + word.length]) {
              for (const c of completeAt(r, off, defaultOptions())) {
                for (const v of Object.values(c))
                  if (typeof v === 'string') assertInert(v, `completion ${k} = ${form} @${off}`);
              }
            }
          }
        }
      }
    }
  }
});

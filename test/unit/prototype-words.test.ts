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
const KEYS = ['builder', 'type', 'bios', 'firmware', 'tsc_mode', 'vga', 'on_crash', 'viridian', 'cpuid', 'disk', 'vif', 'pci', 'channel', 'smbios', 'constructor'];

test('prototype-member words in keys, values, specs and directives are ordinary words', () => {
  for (const w of WORDS) {
    for (const k of KEYS) {
      for (const form of [`"${w}"`, `[ "${w}" ]`, `"host,${w}=1"`, `"${w}=${w}"`]) {
        const text = `# xlcfg: ${w}=${w}\nname = "x"\ntype = "hvm"\n${k} = ${form}\nconstructor = "${w}"\n`;
        const r = checkText(text, defaultOptions());
        for (const d of r.diagnostics) {
          assert.notEqual(d.code, 'internal/error', `${k} = ${form}: ${d.message}`);
          assert.doesNotMatch(d.message, /native code|function \w*\(|\[object|undefined guest/, `${k} = ${form}`);
        }
        for (let off = 0; off <= text.length; off += 2) {
          const h = hoverAt(r, off, () => simulateDocument(r));
          if (h) assert.doesNotMatch(h.markdown, /native code|function \w*\(|\[object/, `hover ${k} = ${form} @${off}`);
          completeAt(r, off, defaultOptions());
        }
      }
    }
  }
});

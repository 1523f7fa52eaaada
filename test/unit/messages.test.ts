// Diagnostic messages are one line a person reads at a glance (issue 13): at least 95 % of them at
// most 100 characters, none over 160, no newline, no file or function citations (those go to the
// rule docs, the hover and relatedInformation). Measured on what people write: the real corpus
// (../shared/corpus/real, read in place; skipped without it) and the seeded generator of whole
// configs the xl differential test uses, under the default options and with force_x2apic checked
// (proposed options on, force_x2apic set) for Xen 4.17, 4.20 and the latest, Intel, AMD and
// unknown hosts, both designs. Prints the distribution and the longest messages.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { CORPUS_DIR, corpusFiles } from '../../scripts/update-corpus-expected';
import { generateXlConfig, xlGenSeed } from '../differential/xlConfigGen';

const GLANCE = 100;
const HARD_LIMIT = 160;
const GLANCE_SHARE = 0.95;
/** Generated configs checked (each under four option sets). */
const GENERATED = Number(process.env.XLCFG_MESSAGES_N ?? 300);

const RELEASES = ['4.17', '4.20', undefined] as const;
/** Default options for each release, then one force_x2apic set per file, taken in turn. */
const PLAIN: Partial<XlcfgOptions>[] = RELEASES.map((v) => (v ? { xenVersion: v } : {}));
const FORCED: Partial<XlcfgOptions>[] = PLAIN.flatMap((release) =>
  (['auto', 'intel', 'amd'] as const).flatMap((hostCpu) =>
    (['rfc', 'xapic-disable-status'] as const).map((design) => ({ ...release, enableProposed: true, hostCpu, design })),
  ),
);

/** A source file and function named in prose (`hvmloader.c: apic_setup`, `libxl__foo`, `bar()`). */
const CITATION = /\w\.[ch]\b|\b(?:libxlu?|xlu|xc)_{1,2}[a-z]\w*|\b[a-z]\w*_\w*\(\)/;

interface Seen {
  message: string;
  code: string;
  where: string;
}

function measure(texts: Array<[string, string]>): Seen[] {
  const out: Seen[] = [];
  texts.forEach(([name, text], i) => {
    const forced = /^\s*force_x2apic\s*=/m.test(text) ? text : `${text}\nforce_x2apic = 1\n`;
    const runs: Array<[string, Partial<XlcfgOptions>]> = PLAIN.map((o) => [text, o]);
    runs.push([forced, FORCED[i % FORCED.length]]);
    for (const [t, o] of runs) {
      const where = `${name} ${JSON.stringify(o)}`;
      for (const d of checkText(t, defaultOptions(o)).diagnostics) out.push({ ...d, where });
    }
  });
  return out;
}

/** The distribution and the longest distinct messages, printed with the test. */
function report(t: TestContext, label: string, seen: Seen[]): void {
  const lens = seen.map((s) => s.message.length).sort((a, b) => a - b);
  const at = (p: number): number => lens[Math.min(lens.length - 1, Math.floor(p * lens.length))];
  const share = (n: number): string => ((100 * lens.filter((l) => l <= n).length) / lens.length).toFixed(1);
  t.diagnostic(
    `${label}: ${lens.length} messages; <=${GLANCE}: ${share(GLANCE)} %, <=120: ${share(120)} %; ` +
      `median ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${lens[lens.length - 1]}`,
  );
  const distinct = new Map<string, Seen>();
  for (const s of seen) if (!distinct.has(s.message)) distinct.set(s.message, s);
  const longest = [...distinct.values()].sort((a, b) => b.message.length - a.message.length).slice(0, 8);
  for (const s of longest) t.diagnostic(`  ${s.message.length} ${s.code}: ${s.message}  (${s.where})`);
}

function check(t: TestContext, label: string, seen: Seen[]): void {
  report(t, label, seen);
  assert.ok(seen.length > 100, `${label}: too few messages (${seen.length}) to measure`);
  const bad = (why: string, f: (m: string) => boolean): void => {
    const hits = [...new Set(seen.filter((s) => f(s.message)).map((s) => `[${s.code}] ${s.message}`))];
    assert.deepEqual(hits.slice(0, 10), [], `${label}: ${hits.length} distinct messages ${why}`);
  };
  bad('on more than one line', (m) => /[\n\r]/.test(m));
  bad(`over ${HARD_LIMIT} characters`, (m) => m.length > HARD_LIMIT);
  bad('citing a source file or function', (m) => CITATION.test(m));
  const glance = seen.filter((s) => s.message.length <= GLANCE).length / seen.length;
  assert.ok(glance >= GLANCE_SHARE, `${label}: ${(glance * 100).toFixed(1)} % of messages <= ${GLANCE} characters`);
}

describe('diagnostic messages: one short line', () => {
  const skip = fs.existsSync(CORPUS_DIR) ? false : `no corpus at ${CORPUS_DIR}`;
  it('on the real corpus', { skip }, (t) => {
    const texts = corpusFiles().map((f): [string, string] => [f, fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8')]);
    check(t, 'corpus', measure(texts));
  });

  it('on generated configs', (t) => {
    const seed = xlGenSeed();
    const texts = Array.from({ length: GENERATED }, (_, i): [string, string] => [
      `generated ${seed}/${i}`,
      generateXlConfig(seed, i).text,
    ]);
    check(t, 'generated', measure(texts));
  });

  it('whatever the length of the text quoted', () => {
    const long = 'a'.repeat(300);
    const texts = [
      `name = "x"\n${long} = 1\n`, // unknown key
      `name = "x"\n${long.toUpperCase()} = 1\n`, // uppercase key
      `name = "x"\n${long}-b = 1\n`, // dash in a key
      `name = "x"\n${long} = 1\n${long} = 2\n`, // duplicate
      `name = "x"\ntype = ${long}\n`, // bare word
      `name = "x"\nvcpus = -${'1'.repeat(300)}\n`, // signed number
      `name = "x"\n${long}\n`, // a word alone
      `name = "x"\nuuid = "${long}"\n`,
      `name = "x"\nmemory = "0${'9'.repeat(300)}"\n`, // octal-looking
      `name = "x"\ntype = "hvm"\npci = [ "${long}" ]\n`,
      `name = "x"\ntype = "hvm"\ndisk = [ "/img,raw,xvda,rw,${long}" ]\n`,
      `name = "x"\nvif = [ "bridge=xenbr0,${long}=1" ]\n`,
    ];
    for (const text of texts) {
      const ds = checkText(text, defaultOptions()).diagnostics;
      assert.ok(ds.length, text);
      for (const d of ds) {
        const ok = d.message.length <= HARD_LIMIT && !/\n/.test(d.message);
        assert.ok(ok, `${d.code} ${d.message.length}: ${d.message}`);
      }
    }
  });
});

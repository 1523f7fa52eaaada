// Regenerates test/fixtures/corpus-expected.json: for every real-world config under
// ../shared/corpus/real, the `code@line` list xlcfg reports, plus a short reviewed comment.
// Existing comments are kept; new or changed files get one drafted from the codes, to be reviewed.
// Run: npx tsx scripts/update-corpus-expected.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../server/src/checks/check';
import { defaultOptions } from '../server/src/options';

export const CORPUS_DIR = path.resolve(__dirname, '../..', 'shared/corpus/real');
export const EXPECTED_FILE = path.resolve(__dirname, '..', 'test/fixtures/corpus-expected.json');

export interface Expected {
  comment: string;
  diagnostics: string[];
}

/** Every config file of the corpus (relative paths, sorted), skipping the README. */
export function corpusFiles(dir = CORPUS_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !/\.md$/i.test(e.name)) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** `code@line` (1-based) for each diagnostic, in the order checkText returns them. */
export function corpusResult(file: string, dir = CORPUS_DIR): string[] {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  return checkText(text, defaultOptions()).diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`);
}

// Drafted explanations, per code, of why a real config is flagged (reviewed by hand afterwards).
const NOTES: Record<string, string> = {
  'syntax/': 'libxlutil rejects the file (see corpus SOURCES.md)',
  'key/unknown': 'keys xl never reads (xm/xend-era or tool-specific keys)',
  'key/deprecated': 'deprecated keys xl still honours (builder, stdvga)',
  'key/ignored': 'device_model/vncviewer: xl warns and ignores them',
  'key/not-for-guest-type': 'a key the guest type never reads',
  'key/duplicate': 'a key set twice, last wins',
  'relation/hvmloader-kernel': 'xm-era kernel = hvmloader on HVM, dropped by xl with a warning',
  'relation/name-missing': 'no name in the file (supplied on the xl command line by its tooling)',
  'relation/no-kernel-or-bootloader': 'PV guest without kernel/bootloader',
  'relation/cmdline-overrides': 'cmdline with root/extra: xl ignores root/extra',
  'relation/pod-passthrough': 'memory < maxmem with PCI passthrough: libxl refuses (libvirt test data, never booted)',
  'value/enum': 'a value xl does not accept as written',
  'spec/disk': 'disk strings: legacy prefixes (hints) or real disk-spec errors',
  'spec/vnuma': 'vnuma pnode reminder (hint)',
  'spec/vfb': 'xm-era vfb `type=` key xl ignores',
  'spec/vif': 'vif key xl ignores',
};

export function draftComment(diags: string[]): string {
  const codes = [...new Set(diags.map((d) => d.split('@')[0]))];
  if (!codes.length) return 'clean';
  const notes = new Set<string>();
  for (const c of codes) notes.add(NOTES[c] ?? NOTES[c.replace(/\/.*$/, '/')] ?? c);
  return [...notes].join('; ');
}

function main(): void {
  if (!fs.existsSync(CORPUS_DIR)) {
    console.error(`no corpus at ${CORPUS_DIR}`);
    process.exit(1);
  }
  const old: Record<string, Expected> = fs.existsSync(EXPECTED_FILE)
    ? JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8'))
    : {};
  const out: Record<string, Expected> = {};
  let changed = 0;
  for (const f of corpusFiles()) {
    const diagnostics = corpusResult(f);
    const prev = old[f];
    const same = prev && JSON.stringify(prev.diagnostics) === JSON.stringify(diagnostics);
    if (!same) changed++;
    out[f] = { comment: same ? prev.comment : draftComment(diagnostics), diagnostics };
  }
  fs.mkdirSync(path.dirname(EXPECTED_FILE), { recursive: true });
  fs.writeFileSync(EXPECTED_FILE, JSON.stringify(out, null, 1) + '\n');
  console.log(
    `${Object.keys(out).length} files, ${changed} new or changed; review their comments in ${path.relative(process.cwd(), EXPECTED_FILE)}`,
  );
}

if (require.main === module) main();

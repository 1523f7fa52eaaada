// Counts, over the real-world corpus (../shared/corpus/real), how many configs set each key, and
// writes data/keys/usage.json. Completion offers the keys people use most first. Only keys of the
// catalogue are counted; no corpus text is copied. Run once when the corpus changes, then `npm run gen:catalogue`:
//
//   node --import tsx scripts/count-key-usage.ts [corpus dir]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../server/src/syntax/parser';
import { CORPUS_DIR, corpusFiles } from './update-corpus-expected';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'data/keys/usage.json');

const dir = process.argv[2] ?? CORPUS_DIR;
const facts = JSON.parse(readFileSync(join(ROOT, 'data/keys/keys.json'), 'utf8')) as { keys: { name: string }[] };
const known = new Set(facts.keys.map((k) => k.name));
const files = corpusFiles(dir);
const counts = new Map<string, number>();
for (const f of files) {
  // libxlutil keeps the settings of a file it rejects too (xlcfg recovers them the same way):
  // a key written in a config counts whether or not the rest of the file parses.
  const file = parse(readFileSync(join(dir, f), 'utf8'));
  for (const key of file.settings.keys()) if (known.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
}
const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const usage = {
  about: 'How many configs of the real-world corpus set each key (scripts/count-key-usage.ts). Orders key completion.',
  corpus: 'shared/corpus/real (see its SOURCES.md)',
  files: files.length,
  counts: Object.fromEntries(sorted),
};
writeFileSync(OUT, JSON.stringify(usage, null, 2) + '\n');
console.log(`${files.length} configs, ${counts.size} known keys used; wrote ${OUT}`);

// Garbage in, small cost out: content that is not a config is said to be so once, and what one
// file reports is capped (the first problems, then one line with the count). The cost itself is
// measured by `npm run bench -- --only garbage`, not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problemBudget } from '../../server/src/checks/cap';
import { checkBytes, checkFile, checkText } from '../../server/src/checks/check';
import { RULE_IDS } from '../../server/src/checks/registry';
import { main } from '../../server/src/cli/main';
import { defaultOptions } from '../../server/src/options';
import { parse } from '../../server/src/syntax/parser';

const options = (maxProblems?: number) =>
  defaultOptions({ maxProblems, hostCpuAuto: { vendor: 'intel', origin: 'test' } });

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** What the CLI does with a file's bytes. */
const checkFileBytes = (bytes: Uint8Array, maxProblems = 1000) => checkBytes(bytes, options(maxProblems));

test('random bytes get one diagnostic: not a config (a registered rule), and xl rejects them', () => {
  const r = checkFileBytes(randomBytes(200_000));
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['syntax/not-a-config'],
  );
  assert.ok(RULE_IDS.has('syntax/not-a-config'));
  assert.equal(r.diagnostics[0].severity, 'error');
  assert.match(
    r.diagnostics[0].message,
    /^Not an xl config: \d+% of it is NULs, control characters or invalid UTF-8\.$/,
  );
  assert.ok(r.diagnostics[0].message.length <= 100);
  assert.equal(r.file.ok, false);
});

test('a config saved as UTF-16 is not a config either; a Latin-1 comment in a config is only a warning', () => {
  const cfg = 'name = "guest"\ntype = "hvm"\nmemory = 2048\n';
  assert.deepEqual(
    checkFileBytes(Buffer.from(cfg, 'utf16le')).diagnostics.map((d) => d.code),
    ['syntax/not-a-config'],
  );
  const latin1 = Buffer.from(`# Gäste für das Büro\n${cfg}`, 'latin1');
  const codes = checkFileBytes(latin1).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('syntax/not-a-config'));
  assert.deepEqual(codes.filter((c) => c === 'syntax/invalid-utf8').length, 3);
});

test('past maxProblems: the first problems, errors first, then one line with the count', () => {
  const text = 'name = "m"\n' + 'a\n'.repeat(50) + 'memmory = 1\n'.repeat(1) + 'x = 1\nx = 2\n';
  const all = checkText(text, options(0)).diagnostics;
  assert.ok(all.length > 50 && !all.some((d) => d.code === 'internal/too-many-problems'));
  const r = checkText(text, options(10)).diagnostics;
  assert.equal(r.length, 11);
  assert.ok(r.slice(0, 10).every((d) => d.severity === 'error'));
  assert.equal(r[10].code, 'internal/too-many-problems');
  assert.equal(r[10].message, `${all.length - 10} more problems not shown (at most 10 per file).`);
});

test("problems past the budget are counted, not kept, and xl's verdict stays exact", () => {
  // 30,000 duplicate-key warnings: more than any stage keeps for a cap of 5.
  const many = 'name = "d"\n' + 'a = 1\n'.repeat(30_000);
  const file = parse(many, { maxProblems: problemBudget(5) });
  assert.ok(file.diagnostics.length <= problemBudget(5));
  assert.ok(file.unreported > 0);
  assert.equal(file.ok, true);
  const r = checkFile(file, options(5)).diagnostics;
  assert.equal(r.length, 6);
  const full = checkText(many, options(0)).diagnostics.length;
  assert.equal(r[5].message, `${full - 5} more problems not shown (at most 5 per file).`);
  // The only error comes after the budget is spent: the file is still rejected.
  const late = parse(many + 'type = hvm\n', { maxProblems: problemBudget(5) });
  assert.equal(late.ok, false);
});

test('xlcfg check and parse: --max-problems N, 0 for all; the count is the last line of the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xlcfg-garbage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const words = join(dir, 'words.cfg');
  writeFileSync(words, 'name = "w"\n' + 'a\n'.repeat(40));
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, stdin: 0 };
  assert.equal(main(['check', '--max-problems', '3', words], io), 1);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(
    lines[3],
    /: information: 37 more problems not shown \(at most 3 per file\)\. \[internal\/too-many-problems\]$/,
  );
  out = '';
  main(['check', '--max-problems', '0', words], io);
  assert.equal(out.trim().split('\n').length, 40);
  out = '';
  main(['parse', '--max-problems', '2', words], io);
  const parsed = JSON.parse(out);
  assert.deepEqual(
    parsed[0].diagnostics.map((d: { code: string }) => d.code),
    ['syntax/missing-assignment', 'syntax/missing-assignment', 'internal/too-many-problems'],
  );
  const binary = join(dir, 'binary.cfg');
  writeFileSync(binary, randomBytes(100_000));
  out = '';
  assert.equal(main(['check', binary], io), 1);
  assert.match(out, /^[^\n]*binary\.cfg:1:1: error: Not an xl config: \d+% [^\n]*\[syntax\/not-a-config\]\n$/);
  let err = '';
  assert.equal(
    main(['check', '--max-problems', 'x', words], { ...io, stderr: { write: (s: string) => (err += s) } }),
    2,
  );
  assert.match(err, /--max-problems x: expected a number/);
});

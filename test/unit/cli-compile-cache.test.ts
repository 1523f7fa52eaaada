// The CLI's code cache (server/src/cli/compileCache.ts): made after a first run, used by the next,
// named after the bundle's build id, ignored when unusable, and kept to a few files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { compileCacheDir, requireWithCompileCache } from '../../server/src/cli/compileCache';
import { main } from '../../server/src/cli/main';

/**
 * requireWithCompileCache in a fresh V8 isolate (a worker thread): V8 keeps the scripts an isolate
 * compiled in memory, so only another isolate shows whether the cache on disk is read.
 */
function inFreshIsolate(file: string, id: string, dir: string): Promise<{ fromCache: boolean; answer: unknown }> {
  const code = `require('tsx/cjs/api').register();
const { parentPort, workerData: w } = require('node:worker_threads');
const m = require(${JSON.stringify(require.resolve('../../server/src/cli/compileCache'))}).requireWithCompileCache(w.file, w.id, w.dir);
parentPort.postMessage({ fromCache: m.fromCache, answer: m.exports.answer });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { file, id, dir } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

function bundle(dir: string, body: string): string {
  const file = path.join(dir, 'b.js');
  writeFileSync(file, body);
  return file;
}

const BODY =
  "'use strict';\nexports.answer = 40 + 2;\nexports.sep = function () { return require('node:path').sep; };\n" +
  'exports.where = function () { return new Error().stack.split("\\n")[1]; };\n';

test('the first run writes the cache, the next one compiles from it, with the same exports', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'xlcfg-cc-'));
  try {
    const dir = path.join(root, 'cache');
    const file = bundle(root, BODY);
    const first = requireWithCompileCache(file, 'aaaa', dir);
    assert.equal(first.fromCache, false);
    assert.equal(first.exports.answer, 42);
    assert.equal((first.exports.sep as () => string)(), path.sep);
    first.save();
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^b-aaaa-\d+-v\d+.*\.v8cache$/);
    assert.deepEqual(await inFreshIsolate(file, 'aaaa', dir), { fromCache: true, answer: 42 });
    // A cache for another build is not read.
    assert.deepEqual(await inFreshIsolate(file, 'cccc', dir), { fromCache: false, answer: 42 });
    const again = requireWithCompileCache(file, 'aaaa', dir);
    // Stack traces name the bundle at its own line.
    assert.match((again.exports.where as () => string)(), /b\.js:4:/);
    again.save();
    assert.equal(readdirSync(dir).length, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('another build id gets its own cache; an unusable cache is ignored and replaced', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'xlcfg-cc-'));
  try {
    const dir = path.join(root, 'cache');
    const file = bundle(root, BODY);
    requireWithCompileCache(file, 'aaaa', dir).save();
    const other = requireWithCompileCache(file, 'bbbb', dir);
    assert.equal(other.fromCache, false, 'another build id');
    other.save();
    assert.equal(readdirSync(dir).length, 2);
    const name = readdirSync(dir).find((f) => f.includes('-bbbb-'))!;
    writeFileSync(path.join(dir, name), Buffer.from('not a code cache at all'));
    // The same length (the cache's name), another text: V8 keeps compiled scripts in memory by
    // their text, and would not read a cache for one it has compiled already.
    bundle(root, BODY.replace('40 + 2', '41 + 1'));
    const broken = requireWithCompileCache(file, 'bbbb', dir);
    assert.equal(broken.fromCache, false, 'an unusable cache');
    assert.equal(broken.exports.answer, 42);
    broken.save();
    assert.notEqual(readFileSync(path.join(dir, name)).toString(), 'not a code cache at all');
    assert.equal(requireWithCompileCache(file, 'bbbb', dir).fromCache, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('without a build id or a directory nothing is cached; old caches are pruned to four', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'xlcfg-cc-'));
  try {
    const dir = path.join(root, 'cache');
    const file = bundle(root, BODY);
    const plain = requireWithCompileCache(file, undefined, dir);
    plain.save();
    assert.equal(plain.exports.answer, 42);
    const noDir = requireWithCompileCache(file, 'aaaa', undefined);
    noDir.save();
    assert.throws(() => readdirSync(dir));
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) requireWithCompileCache(file, id, dir).save();
    const left = readdirSync(dir).sort();
    assert.equal(left.length, 4);
    assert.ok(
      left.some((f) => f.includes('-a6-')),
      'the newest cache is kept',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the cache directory follows XDG_CACHE_HOME or HOME, and can be turned off', () => {
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), path.join('/x/cache', 'xlcfg'));
  if (process.platform !== 'win32') {
    assert.equal(compileCacheDir({ HOME: '/home/u' }), path.join('/home/u', '.cache', 'xlcfg'));
    assert.equal(compileCacheDir({}), undefined);
  }
  assert.equal(compileCacheDir({ HOME: '/home/u', XLCFG_NO_COMPILE_CACHE: '1' }), undefined);
  assert.equal(compileCacheDir({ HOME: '/home/u', NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
});

test('the built executable (dist/cli.js and dist/cli-main.js) prints what main does, with and without its cache', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'xlcfg-cc-'));
  try {
    const esbuild = await import('esbuild');
    const { buildCli } = await import('../../scripts/build-cli.mjs');
    const out = path.join(root, 'dist');
    buildCli(
      esbuild,
      { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' },
      out,
    );
    const cfg = path.join(root, 'a.cfg');
    writeFileSync(cfg, 'name = "a"\ntype = "pvh"\nkernel = "/k"\nmemmory = 512\n');
    let expected = '';
    const code = main(['check', '--format', 'json', cfg], {
      stdout: { write: (s: string) => (expected += s) },
      stderr: { write: () => true },
      stdin: 0,
    });
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(root, 'cache') };
    delete env.XLCFG_NO_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    for (const run of ['first (writes the cache)', 'second (reads it)']) {
      const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), 'check', '--format', 'json', cfg], {
        env,
        encoding: 'utf8',
      });
      assert.equal(r.status, code, run);
      assert.equal(r.stdout, expected, run);
      assert.deepEqual(readdirSync(path.join(root, 'cache', 'xlcfg')).length, 1, run);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

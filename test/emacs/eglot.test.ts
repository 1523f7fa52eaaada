// The language server driven from Emacs through Eglot (Debian 12: emacs-nox 28 and elpa-eglot 1.9),
// with the README's Eglot setup: diagnostics, a setting changed through workspace/configuration,
// hover. Skips with one line where Emacs or Eglot is not installed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lspClient';

function eglotAvailable(): string | undefined {
  const r = spawnSync(
    'emacs',
    ['--batch', '--eval', '(progn (package-initialize) (require (quote eglot)) (princ emacs-version))'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return r.status === 0 ? `Emacs ${r.stdout.trim()}` : undefined;
}

const version = eglotAvailable();
const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

test('Eglot drives the server with the README setup: diagnostics, a setting, hover', {
  skip: version
    ? false
    : 'Emacs with Eglot is not installed (apt-get install emacs-nox elpa-eglot); skipping the Eglot test',
}, () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'xlcfg-eglot-'));
  tempDirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  symlinkSync(join(ROOT, 'dist', 'server.js'), join(dir, 'bin', 'xlcfg-language-server'));
  mkdirSync(join(dir, 'xen'));
  const file = join(dir, 'xen', 'guest.cfg');
  writeFileSync(file, 'name = "g"\ntype = "hvm"\nmemmory = 2048\nacpi = "true"\n');
  const setup = /```elisp\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(setup, 'README.md has no elisp block');
  writeFileSync(join(dir, 'readme.el'), setup[1]);
  const r = spawnSync('emacs', ['--batch', '-l', join(__dirname, 'drive.el')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      HOME: dir,
      XLCFG_README_EL: join(dir, 'readme.el'),
      XLCFG_FILE: file,
    },
  });
  const said = (key: string): string[] => [...r.stdout.matchAll(new RegExp(`^${key}: (.*)$`, 'gm'))].map((m) => m[1]);
  const context = `${version}, exit ${r.status}:\n${r.stdout}\n${r.stderr.slice(-1500)}`;
  assert.deepEqual(said('mode'), ['xlcfg-mode'], context);
  assert.deepEqual(said('managed'), ['t'], context);
  assert.ok(
    said('diagnostic').some((d) => d.includes('[key/unknown]') && d.includes('memmory')),
    context,
  );
  assert.ok(
    said('diagnostic').some((d) => d.includes('[value/boolean]')),
    context,
  );
  assert.ok(said('after').length > 0 && !said('after').some((d) => d.includes('key/unknown')), context);
  assert.match(said('hover')[0] ?? '', /memmory/, context);
});

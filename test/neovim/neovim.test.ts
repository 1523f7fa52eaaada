// The language server driven from a real headless Neovim (Debian's neovim package, 0.7.2 on Debian
// 12): diagnostics, hover as Neovim shows it, a quick fix applied, formatting, and a setting changed
// with workspace/didChangeConfiguration. scripts/test.sh installs neovim when it can; without it the
// test says so in one line and skips.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../server/src/checks/check';
import { RULES_DOC_URL } from '../../server/src/checks/ruleDocs';
import { defaultOptions } from '../../server/src/options';
import { ROOT } from '../lspClient';

const CONFIG = [
  '# xlcfg: host-cpu=intel',
  'name = "gäste"; acpi = "true"',
  'type   =  "hvm"',
  'memmory = 2048',
  'vcpus = 4',
  'force_x2apic = 1',
  '',
].join('\n');

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

const version = nvimVersion();
const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

test('Neovim drives the server: diagnostics, hover, a quick fix, formatting, a pushed setting', {
  skip: version ? false : 'neovim is not installed (apt-get install neovim); skipping the Neovim test',
}, () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'xlcfg-nvim-'));
  tempDirs.push(dir);
  // The package's bin on PATH, as `npm link` or a global install puts it.
  mkdirSync(join(dir, 'bin'));
  symlinkSync(join(ROOT, 'dist', 'server.js'), join(dir, 'bin', 'xlcfg-language-server'));
  mkdirSync(join(dir, 'xen'));
  const file = join(dir, 'xen', 'guest.cfg');
  writeFileSync(file, CONFIG);
  const out = join(dir, 'result.json');
  const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${join(__dirname, 'drive.lua')}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 90_000,
    env: {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      XLCFG_NVIM_OUT: out,
      XLCFG_INIT: join(__dirname, 'init-0.7.lua'),
      XLCFG_FILE: file,
      XDG_STATE_HOME: dir,
      XDG_DATA_HOME: dir,
      XDG_CACHE_HOME: dir,
    },
  });
  let result: any;
  try {
    result = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    assert.fail(`${version} wrote no result (exit ${r.status}, ${r.error ?? ''}): ${r.stderr.slice(-2000)}`);
  }
  for (const s of result.steps) assert.ok(s.ok, `${version}: step "${s.name}" failed: ${s.err}`);
  assert.equal(result.done, true, `${version} did not finish: ${JSON.stringify(result.steps)}`);

  assert.equal(result.filetype, 'xlcfg');
  assert.ok(result.diagnostics.includes('key/unknown'), result.diagnostics.join());
  assert.ok(result.diagnostics.includes('value/boolean'), result.diagnostics.join());
  assert.ok(result.codeDescription.href.startsWith(`${RULES_DOC_URL}#`), JSON.stringify(result.codeDescription));

  // The hover as Neovim shows it: the key's name without markdown escapes in it.
  assert.match(result.hover, /force_x2apic/);
  assert.doesNotMatch(result.hover, /force\\_x2apic/);
  assert.doesNotMatch(result.hover, /\\[()._:-]/, 'a backslash escape Neovim would show literally');

  // Byte columns came back (the line has a two-byte character before the diagnostic); the fix was found by its data.
  assert.ok(
    result.lineDiagnostics.some((d: any) => d.code === 'value/boolean' && d.data?.xlcfg),
    JSON.stringify(result.lineDiagnostics),
  );
  assert.equal(result.afterFix, 'name = "gäste"; acpi = 1');

  assert.match(result.formatted, /^type = "hvm"$/m);
  // The push turns key/unknown off and accepts proposed options: both were reported before it, and
  // afterwards the buffer shows exactly what a check under the pushed settings gives (the push
  // replaces init's settings, so the Xen version is the default again).
  assert.ok(result.diagnostics.includes('key/proposed'), result.diagnostics.join());
  const pushed = defaultOptions({ enableProposed: true, rules: { 'key/unknown': 'off' } });
  const expected = checkText(result.formatted, pushed)
    .diagnostics.map((d) => d.code)
    .sort();
  assert.ok(!expected.includes('key/unknown') && !expected.includes('key/proposed'), expected.join());
  assert.ok(expected.length > 0, 'the pushed settings leave diagnostics to compare');
  assert.deepEqual(result.afterSetting, expected);
});

test('the README shows the Neovim 0.7 setup this test runs', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(
    readme.includes('```lua\n' + readFileSync(join(__dirname, 'init-0.7.lua'), 'utf8') + '```'),
    'README.md and test/neovim/init-0.7.lua differ',
  );
});

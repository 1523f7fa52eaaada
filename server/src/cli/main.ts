// `xlcfg` command line: a thin router over the language core.
//   xlcfg parse    [--format json] FILE...
//   xlcfg check    [--format text|json|sarif] [options] FILE|DIR|- ...
//   xlcfg dry-run  [--format json] [options] FILE... (what xl -N create would print)
//   xlcfg simulate [--format json|text] [options] FILE
//   xlcfg rules    (every rule id with its default severity)
// Exit status: 0 no error-severity diagnostic, 1 some (parse: a file rejected; dry-run: a file xl
// refuses; simulate: the domain is not created), 2 usage or I/O error.
import { readFileSync, writeSync } from 'node:fs';
import { capDiagnostics, problemBudget } from '../checks/cap';
import { checkBytes } from '../checks/check';
import { ALL_RULES } from '../checks/registry';
import { ruleHref } from '../checks/ruleDocs';
import { parseProjectConfig } from '../config/xlcfgJson';
import { dryRun } from '../features/dryRun';
import { simulateDocument } from '../features/simulation';
import { stringifyJson, type JsonValue } from '../libxl/jsonText';
import { detectHostCpu } from '../node/hostCpu';
import { defaultOptions, type XlcfgOptions } from '../options';
import { parse } from '../syntax/parser';
import { decodeUtf8 } from '../syntax/utf8';
import { parseArgs, UsageError, type CliArgs } from './args';
import { collectInputs, findProjectConfig, type Input } from './inputs';
import { JsonStream, toJson } from './json';
import { sarifReport } from './sarif';
import { checkText as textReport, safeText, simulationText } from './text';

const VERSION = '0.1.0';

const HELP = `xlcfg ${VERSION}: Xen xl.cfg domain configs, understood before they boot

Usage:
  xlcfg parse [--format json] FILE...
  xlcfg check [--format text|json|sarif] [OPTIONS] FILE|DIR|- ...
  xlcfg dry-run [--format json] [OPTIONS] FILE...
  xlcfg simulate [--format json|text] [--compare designs] [OPTIONS] FILE
  xlcfg rules

Options:
  --xen-version V          target Xen release (default: newest, 4.22)
  --host-cpu intel|amd     host CPU vendor (default: this machine's, only when it is a Xen dom0)
  --host-cpus N            CPUs of the Xen host (cpus = "all", NUMA checks; default: unknown)
  --host-nodes N           NUMA nodes of the Xen host (default: unknown)
  --guest-os NAME          linux, freebsd, netbsd, openbsd, illumos, windows, xen, unknown
  --enable-proposed        treat proposed options (force_x2apic) as available
  --rule ID=LEVEL          off, hint, information, warning or error (repeatable; ID may end in /*)
  --config FILE            project file (default: the nearest xlcfg.json upwards from the current folder)
  --design D               how Xen advertises the x2APIC lock: rfc (default) or xapic-disable-status
  --max-problems N         parse, check: report the first N problems of a file and count the rest
                           in one line (default 1000; 0 for all)
  --force-x2apic on|off    simulate: override the flag
  --compare designs        simulate: every design side by side, and what differs for this guest
Directories are searched for *.cfg files; - reads standard input.
Exit status: 0 no errors; 1 errors found (parse: a file xl's parser rejects; dry-run: a file xl
refuses; simulate: xl, libxl or Xen refuses the config, so the domain is not created); 2 usage or
I/O error.
`;

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** A file descriptor or path to read `-` from. */
  stdin: number | string;
}

/**
 * Writes to a standard stream's file descriptor directly. Touching process.stdout builds a stream
 * (and loads net, stream and abort-controller modules): about 7 ms of a one-file check's start-up.
 * A descriptor that is non-blocking (EAGAIN) gets the rest through the stream as before. A reader
 * that went away (EPIPE: `xlcfg check ... | head`) gets nothing more, and the command ends as usual.
 */
function fdWriter(fd: 1 | 2): CliIo['stdout'] {
  let fallback: NodeJS.WriteStream | undefined;
  let closed = false;
  const gone = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === 'EPIPE';
  const toStream = (data: string | Buffer): boolean => {
    if (!fallback) {
      fallback = fd === 1 ? process.stdout : process.stderr;
      fallback.on('error', (e) => {
        if (!gone(e)) throw e;
        closed = true;
      });
    }
    return fallback.write(data);
  };
  return {
    write(s: string) {
      if (closed) return true;
      if (fallback) return toStream(s);
      const buf = Buffer.from(s);
      let off = 0;
      try {
        while (off < buf.length) off += writeSync(fd, buf, off);
      } catch (e) {
        if (gone(e)) {
          closed = true;
          return true;
        }
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        toStream(buf.subarray(off));
      }
      return true;
    },
  };
}

export function main(argv: string[], io: CliIo = { stdout: fdWriter(1), stderr: fdWriter(2), stdin: 0 }): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`xlcfg: ${safeText(e.message)}\n\nRun 'xlcfg --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.command === 'rules') {
    for (const r of ALL_RULES) io.stdout.write(`${r.id}\t${r.severity}\t${r.summary}\n`);
    return 0;
  }

  let status = 0;
  const options = resolveOptions(args, io.stderr);
  if (!options) return 2;
  const { inputs, errors, notes } = collectInputs(args.paths, io.stdin);
  for (const e of errors) io.stderr.write(`xlcfg: ${safeText(e)}\n`);
  for (const n of notes) io.stderr.write(`xlcfg: note: ${safeText(n)}\n`);
  if (errors.length) status = 2;

  if (args.command === 'parse') {
    // The text toJson would give for [{ file, ok, settings: settingsJson(file), diagnostics }, ...],
    // written as it is made: one file's parse at a time, its settings straight from the map.
    const out = new JsonStream((s) => io.stdout.write(s));
    out.text('[');
    inputs.forEach((input, i) => {
      const d = decodeUtf8(input.bytes);
      const file = parse(d.text, { ...d, maxProblems: problemBudget(args.maxProblems) });
      if (!file.ok && status === 0) status = 1;
      const diagnostics = capDiagnostics(file.diagnostics, args.maxProblems, file.unreported);
      out.text(`${i ? ',' : ''}{"file":${JSON.stringify(input.name)},"ok":${file.ok},"settings":{`);
      let first = true;
      file.settings.forEach((setting, key) => {
        out.text(`${first ? '' : ','}${JSON.stringify(key)}:`);
        out.value(setting.value);
        first = false;
      });
      out.text('},"diagnostics":');
      out.value(diagnostics);
      out.text('}');
    });
    out.text(']\n');
    out.flush();
    return status;
  }

  if (args.command === 'dry-run') {
    const runs = inputs.map((input) => dryRun(checkInput(input, options), input.name));
    if (runs.some((r) => !r.accepted) && status === 0) status = 1;
    io.stdout.write(stringifyJson(runs as unknown as JsonValue, 2) + '\n');
    return status;
  }

  if (args.command === 'simulate') {
    if (inputs.length !== 1) {
      if (!errors.length) io.stderr.write('xlcfg: simulate takes exactly one FILE\n');
      return 2;
    }
    const input = inputs[0];
    const result = checkInput(input, options);
    const view = simulateDocument(result, {
      file: input.name,
      forceX2apic: args.forceX2apic,
      compare: true,
      compareDesigns: args.compare === 'designs',
    });
    io.stdout.write(args.format === 'text' ? simulationText(view) : toJson(view) + '\n');
    // As for dry-run: a config xl or libxl refuses is an error.
    if (!view.created && status === 0) status = 1;
    return status;
  }

  // check
  // Only what the reports print is kept per file (not the parse behind each diagnostic): a fleet
  // check holds thousands of files' results until it writes them.
  const results = inputs.map((input) => ({
    name: input.name,
    diagnostics: checkInput(input, options).diagnostics.map(({ code, severity, message, range }) => ({
      code,
      severity,
      message,
      range,
    })),
  }));
  if (results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) && status === 0) status = 1;
  switch (args.format) {
    case 'json':
      // Flat objects: JSON.stringify is safe here (toJson exists for deeply nested values).
      io.stdout.write(
        JSON.stringify(
          results.map((r) => ({
            file: r.name,
            diagnostics: r.diagnostics.map((d) => ({ ...d, href: ruleHref(d.code) })),
          })),
        ) + '\n',
      );
      break;
    case 'sarif':
      io.stdout.write(toJson(sarifReport(results, VERSION), '  ') + '\n');
      break;
    default:
      io.stdout.write(textReport(results));
  }
  return status;
}

function checkInput(input: Input, options: XlcfgOptions) {
  return checkBytes(input.bytes, options);
}

function resolveOptions(args: CliArgs, stderr: CliIo['stderr']): XlcfgOptions | undefined {
  const options = defaultOptions();
  const configPath = args.config ?? findProjectConfig(process.cwd());
  if (configPath) {
    let text: string;
    try {
      text = readFileSync(configPath, 'utf8');
    } catch (e) {
      stderr.write(`xlcfg: cannot read ${safeText(configPath)}: ${(e as NodeJS.ErrnoException).code ?? e}\n`);
      return undefined;
    }
    const project = parseProjectConfig(text);
    for (const err of project.errors) stderr.write(`xlcfg: ${safeText(configPath)}: ${safeText(err)}\n`);
    Object.assign(options, project.options);
  }
  if (args.xenVersion) options.xenVersion = args.xenVersion;
  if (args.enableProposed) options.enableProposed = true;
  options.rules = { ...options.rules, ...args.rules };
  options.maxProblems = args.maxProblems;
  if (args.hostCpu) {
    options.hostCpu = args.hostCpu;
    options.hostCpuOrigin = `--host-cpu ${args.hostCpu}`;
  }
  if (options.hostCpu === 'auto') options.hostCpuAuto = detectHostCpu();
  if (args.hostCpus !== undefined) options.host = { ...options.host, cpus: args.hostCpus };
  if (args.hostNodes !== undefined) options.host = { ...options.host, nodes: args.hostNodes };
  if (args.design) {
    options.design = args.design;
    options.designOrigin = `--design ${args.design}`;
  }
  if (args.guestOs) {
    options.guestOs = args.guestOs;
    options.guestOsOrigin = `--guest-os ${args.guestOs}`;
  }
  return options;
}

/** The process's run: main on its arguments; an internal error exits with status 2. */
export function runProcess(): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`xlcfg: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 2;
  }
}

// dist/cli.js (bin.ts) loads this bundle and calls runProcess; run directly, it runs itself.
if (require.main === module) runProcess();

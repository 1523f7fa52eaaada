// Options for a document: xlcfg.json at the workspace root, then the editor's `xlcfg.*`
// settings on top. `auto` host CPU is answered once by node/hostCpu.ts: this machine's vendor only when
// it is a Xen control domain (dom0), else unknown.
// Editor settings come two ways: pulled per document with workspace/configuration where the client
// declares it (VS Code, Helix, Eglot), and pushed in workspace/didChangeConfiguration (Neovim 0.7
// declares no pull; it sends `settings` from on_init). What was pushed is used when nothing is pulled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_MAX_PROBLEMS } from '../checks/cap';
import { isRuleLevel } from '../checks/severity';
import { parseProjectConfig } from '../config/xlcfgJson';
import { detectHostCpu } from '../node/hostCpu';
import { defaultOptions, isHoverSimulation, type XlcfgOptions } from '../options';
import { isKnownVersion } from '../schema/versions';
import { isDesign } from '../vlapic/design';

export interface EditorSettings {
  xenVersion?: string;
  enableProposedOptions?: boolean;
  host?: { cpuVendor?: string; cpus?: number; nodes?: number };
  forceX2apic?: { design?: string };
  hover?: { simulation?: string };
  codeLens?: { enable?: boolean };
  rules?: Record<string, unknown>;
  validate?: { enable?: boolean; maxProblems?: number };
}

export interface DocumentSettings {
  /** With `maxProblems` from `xlcfg.validate.maxProblems`. */
  options: XlcfgOptions;
  validate: boolean;
}

export class SettingsCache {
  private readonly perUri = new Map<string, Promise<DocumentSettings>>();
  private hostAuto?: ReturnType<typeof detectHostCpu>;
  workspaceFolders: string[] = [];
  canPull = false;
  /** The `xlcfg` section of the last workspace/didChangeConfiguration that carried one. */
  private pushed?: EditorSettings;

  constructor(
    private readonly connection: Connection,
    private readonly log: (msg: string) => void,
  ) {}

  clear(): void {
    this.perUri.clear();
  }

  /**
   * Settings pushed by the client (`params.settings` of workspace/didChangeConfiguration). Clients
   * send the whole tree (`{ xlcfg: {...} }`); some send only the section. VS Code sends `null`
   * settings with pull-based configuration: that keeps what was pushed before.
   */
  push(settings: unknown): void {
    if (!settings || typeof settings !== 'object') return;
    const tree = settings as Record<string, unknown>;
    const section = 'xlcfg' in tree ? tree.xlcfg : looksLikeSection(tree) ? tree : undefined;
    if (section && typeof section === 'object') this.pushed = section as EditorSettings;
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  get(uri: string): Promise<DocumentSettings> {
    let p = this.perUri.get(uri);
    if (!p) {
      p = this.compute(uri);
      this.perUri.set(uri, p);
    }
    return p;
  }

  private async compute(uri: string): Promise<DocumentSettings> {
    const options = defaultOptions();
    // The innermost folder holding the document (folders may nest).
    for (const folder of [...this.workspaceFolders].sort((a, b) => b.length - a.length)) {
      if (!uri.startsWith(folder)) continue;
      const project = this.readProjectConfig(folder);
      if (project) Object.assign(options, project);
      break;
    }
    let s: EditorSettings | undefined;
    if (this.canPull) {
      try {
        const pulled = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'xlcfg' });
        if (pulled && typeof pulled === 'object') s = pulled as EditorSettings;
      } catch (e) {
        this.log(`cannot read settings for ${uri}: ${e}`);
      }
    }
    const { validate } = applyEditorSettings(options, s ?? this.pushed ?? {});
    if (options.hostCpu === 'auto') {
      this.hostAuto ??= detectHostCpu();
      options.hostCpuAuto = this.hostAuto;
    }
    return { options, validate };
  }

  private readProjectConfig(folderUri: string): Partial<XlcfgOptions> | undefined {
    if (!folderUri.startsWith('file:')) return undefined;
    try {
      const path = join(fileURLToPath(folderUri), 'xlcfg.json');
      const project = parseProjectConfig(readFileSync(path, 'utf8'));
      for (const e of project.errors) this.log(`${path}: ${e}`);
      return project.options;
    } catch {
      return undefined; // no project file
    }
  }
}

/** Sections are objects of xlcfg settings: a pushed object is taken as one when it has their keys. */
function looksLikeSection(tree: Record<string, unknown>): boolean {
  return ['xenVersion', 'enableProposedOptions', 'host', 'forceX2apic', 'hover', 'codeLens', 'rules', 'validate'].some(
    (k) => k in tree,
  );
}

/** Editor settings onto `options` (values of the wrong type are ignored); returns whether to validate. */
export function applyEditorSettings(options: XlcfgOptions, s: EditorSettings): { validate: boolean } {
  if (typeof s.xenVersion === 'string' && isKnownVersion(s.xenVersion)) options.xenVersion = s.xenVersion;
  if (typeof s.enableProposedOptions === 'boolean') options.enableProposed = s.enableProposedOptions;
  const vendor = s.host?.cpuVendor;
  if (vendor === 'intel' || vendor === 'amd') {
    options.hostCpu = vendor;
    options.hostCpuOrigin = 'setting xlcfg.host.cpuVendor';
  }
  // The Xen host's shape (0 or unset: unknown).
  for (const field of ['cpus', 'nodes'] as const) {
    const n = s.host?.[field];
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1_000_000)
      options.host = { ...options.host, [field]: n };
  }
  // The default (rfc) leaves an xlcfg.json design in force: the editor cannot tell "unset" from "rfc".
  const design = s.forceX2apic?.design;
  if (isDesign(design) && design !== 'rfc') {
    options.design = design;
    options.designOrigin = 'setting xlcfg.forceX2apic.design';
  }
  if (typeof s.codeLens?.enable === 'boolean') options.codeLens = s.codeLens.enable;
  const hs = s.hover?.simulation;
  if (isHoverSimulation(hs)) options.hoverSimulation = hs;
  if (s.rules && typeof s.rules === 'object') {
    for (const [id, level] of Object.entries(s.rules))
      if (isRuleLevel(level)) options.rules = { ...options.rules, [id]: level };
  }
  options.maxProblems = DEFAULT_MAX_PROBLEMS;
  const max = s.validate?.maxProblems;
  if (typeof max === 'number' && Number.isFinite(max) && max >= 1) options.maxProblems = Math.floor(max);
  return { validate: s.validate?.enable !== false };
}

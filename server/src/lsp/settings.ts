// Options for a document: xlcfg.json at the workspace root, then the editor's `xlcfg.*`
// settings on top. `auto` host CPU is answered once from /proc/cpuinfo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { isRuleLevel } from '../checks/severity';
import { parseProjectConfig } from '../config/xlcfgJson';
import { detectHostCpu } from '../node/hostCpu';
import { defaultOptions, type XlcfgOptions } from '../options';
import { isKnownVersion } from '../schema/versions';
import { isDesign } from '../vlapic/design';

export interface EditorSettings {
  xenVersion?: string;
  enableProposedOptions?: boolean;
  host?: { cpuVendor?: string };
  forceX2apic?: { design?: string };
  rules?: Record<string, unknown>;
  validate?: { enable?: boolean; maxProblems?: number };
}

export interface DocumentSettings {
  options: XlcfgOptions;
  validate: boolean;
  /** Most diagnostics published per document (`xlcfg.validate.maxProblems`). */
  maxProblems: number;
}

export const DEFAULT_MAX_PROBLEMS = 1000;

export class SettingsCache {
  private readonly perUri = new Map<string, Promise<DocumentSettings>>();
  private hostAuto?: ReturnType<typeof detectHostCpu>;
  workspaceFolders: string[] = [];
  canPull = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: (msg: string) => void,
  ) {}

  clear(): void {
    this.perUri.clear();
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
    let validate = true;
    let maxProblems = DEFAULT_MAX_PROBLEMS;
    if (this.canPull) {
      try {
        const s = ((await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'xlcfg' })) ?? {}) as EditorSettings;
        if (typeof s.xenVersion === 'string' && isKnownVersion(s.xenVersion)) options.xenVersion = s.xenVersion;
        if (typeof s.enableProposedOptions === 'boolean') options.enableProposed = s.enableProposedOptions;
        const vendor = s.host?.cpuVendor;
        if (vendor === 'intel' || vendor === 'amd') {
          options.hostCpu = vendor;
          options.hostCpuOrigin = 'setting xlcfg.host.cpuVendor';
        }
        // The default (rfc) leaves an xlcfg.json design in force: the editor cannot tell "unset" from "rfc".
        const design = s.forceX2apic?.design;
        if (isDesign(design) && design !== 'rfc') {
          options.design = design;
          options.designOrigin = 'setting xlcfg.forceX2apic.design';
        }
        if (s.rules && typeof s.rules === 'object') {
          for (const [id, level] of Object.entries(s.rules)) if (isRuleLevel(level)) options.rules = { ...options.rules, [id]: level };
        }
        if (s.validate?.enable === false) validate = false;
        const max = s.validate?.maxProblems;
        if (typeof max === 'number' && Number.isFinite(max) && max >= 1) maxProblems = Math.floor(max);
      } catch (e) {
        this.log(`cannot read settings for ${uri}: ${e}`);
      }
    }
    if (options.hostCpu === 'auto') {
      this.hostAuto ??= detectHostCpu();
      options.hostCpuAuto = this.hostAuto;
    }
    return { options, validate, maxProblems };
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

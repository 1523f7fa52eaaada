// The layers of xlcfg, checked by `npm run lint` (dependency-cruiser). Data flows one way:
//   syntax → xl (parse_config_data) → libxl (defaults, create-time checks) → domain → checks, boot → features
// and the adapters (lsp/, cli/, node/, server.ts) glue that core to the protocol, the shell and the machine.
// Type-only imports count: a layer's types belong to it too.
//
// `MAY_IMPORT` is the whole architecture: each part of server/src and the parts it may import. A new
// edge is a design decision; add it here, with the code, on purpose.
const MAY_IMPORT = {
  // Leaves: the typed rule catalogue, the diagnostic shape, own-property lookups.
  base: ['base'],
  syntax: ['base'],
  schema: ['base', 'syntax'],
  vlapic: ['base'],
  options: ['base', 'schema', 'vlapic', 'libxlData'],
  libxlData: ['base', 'schema'],
  specs: ['base', 'schema', 'syntax', 'libxlData'],
  xl: ['base', 'schema', 'syntax', 'specs', 'libxlData'],
  libxlStage: ['base', 'schema', 'libxlData', 'xl'],
  domain: ['base', 'schema', 'syntax', 'specs', 'libxlData', 'libxlStage', 'xl', 'vlapic', 'options'],
  boot: ['base', 'vlapic', 'domain', 'schema'],
  checks: ['base', 'schema', 'syntax', 'specs', 'libxlData', 'libxlStage', 'xl', 'domain', 'boot', 'vlapic', 'options'],
  config: ['base', 'schema', 'vlapic', 'options', 'checks'],
  features: [
    'base',
    'schema',
    'syntax',
    'specs',
    'libxlData',
    'libxlStage',
    'xl',
    'domain',
    'boot',
    'vlapic',
    'options',
    'checks',
  ],
  protocol: ['base', 'vlapic', 'features'],
};

// Where each part lives (paths relative to the repository).
const WHERE = {
  base: 'server/src/(rules|diagnostic|own|excerpt|guest)[.]ts',
  syntax: 'server/src/syntax/',
  schema: 'server/src/schema/',
  vlapic: 'server/src/vlapic/',
  options: 'server/src/options[.]ts',
  libxlData: 'server/src/libxl/(idl|idl[.]generated|value|cnum|json|jsonText|physinfo|releases|cpuBitmap)[.]ts',
  specs: 'server/src/specs/',
  xl: 'server/src/xl/',
  libxlStage: 'server/src/libxl/',
  domain: 'server/src/domain/',
  boot: 'server/src/boot/',
  checks: 'server/src/checks/',
  config: 'server/src/config/',
  features: 'server/src/features/',
  protocol: 'server/src/protocol[.]ts',
};

const CORE = Object.keys(MAY_IMPORT);
const anyOf = (parts) => `^(${parts.map((p) => WHERE[p]).join('|')})`;
// libxlStage's path also matches the data files; a path belongs to the first part listed that matches.
const pathOf = (part) => (part === 'libxlStage' ? `^${WHERE.libxlStage}` : `^${WHERE[part]}`);
const notPath = (part) => (part === 'libxlStage' ? [`^${WHERE.libxlData}`] : []);

module.exports = {
  forbidden: [
    {
      name: 'core-is-plain-typescript',
      comment:
        'The language core runs anywhere: no Node, LSP or VS Code import (only lsp/, cli/, node/ and server.ts may).',
      severity: 'error',
      from: { path: anyOf(CORE) },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    ...CORE.map((part) => ({
      name: `layer-${part}`,
      comment: `${part} may import only: ${MAY_IMPORT[part].join(', ')} (see MAY_IMPORT in .dependency-cruiser.cjs).`,
      severity: 'error',
      from: { path: pathOf(part), pathNot: notPath(part) },
      to: {
        path: '^server/src/',
        pathNot: anyOf([part, ...MAY_IMPORT[part]]),
      },
    })),
    {
      name: 'libxl-data-is-below-xl',
      comment: 'The libxl IDL and value files are read by xl; they never import the libxl stage or xl.',
      severity: 'error',
      from: { path: `^${WHERE.libxlData}` },
      to: { path: `^(server/src/xl/|${WHERE.libxlStage})`, pathNot: `^${WHERE.libxlData}` },
    },
    {
      name: 'client-shares-only-the-protocol',
      comment: 'The VS Code client and the server share one module: server/src/protocol.ts.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: '^server/src/protocol[.]ts$' },
    },
    {
      name: 'server-never-imports-the-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles at run time (type-only cycles are harmless and allowed).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules|\\.e2e|\\.vscode-test)/' },
  },
};

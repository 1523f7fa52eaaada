// SARIF 2.1.0 for code-scanning dashboards. SARIF lines and columns are 1-based.
import type { Diagnostic } from '../diagnostic';
import { ALL_RULES } from '../checks/registry';
import { ruleHref } from '../checks/ruleDocs';

const LEVEL: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export function sarifReport(results: Array<{ name: string; diagnostics: Diagnostic[] }>, version: string): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'xlcfg',
            version,
            informationUri: 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html',
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              helpUri: ruleHref(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.code,
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: {
                    uri: r.name === '-' ? 'stdin' : r.name.split('/').map(encodeURIComponent).join('/'),
                  },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}

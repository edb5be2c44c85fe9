// apisnoop endpoints [--spec FILE | --k8s-version 1.NN | --from-cluster] [--json]: every operation of a spec, classified.
import type { Command } from 'commander';
import { primarySpec, specReleaseWarnings } from '../analyze.js';
import { writeChunks } from '../outputs.js';
import { addSpecSourceOptions } from './options.js';
import { terminalLine } from '../terminal.js';
import { specWarnings } from '../engine/spec.js';

const COLUMNS = ['operationId', 'method', 'path', 'level', 'group', 'version', 'category', 'kind', 'action', 'deprecated'] as const;

export function register(program: Command): void {
  const cmd = program.command('endpoints').description('list every operation of a spec with its classification (level, group, version, category, kind, action, deprecated)');
  addSpecSourceOptions(cmd);
  cmd
    .addHelpText('after', '\nWithout --spec, --k8s-version or --from-cluster: the newest release shipped, said on stderr.')
    .option('--json', 'a JSON array (the default is a tab-separated table)')
    .action(async (o: { spec?: string; k8sVersion?: string; fromCluster?: boolean; json?: boolean }) => {
      const settings = { spec: o.spec, kubernetesVersion: o.k8sVersion, fromCluster: o.fromCluster };
      const spec = await primarySpec(settings);
      // A --k8s-version the spec contradicts is not used: said, as analyze says it.
      for (const w of specReleaseWarnings(settings, spec, 'listing')) process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      // Listed as the spec has them; said, since an analysis against this spec counts them together.
      for (const w of specWarnings(spec)) process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      // The listing does not say its release: a default chosen for the user is said, as analyze says it.
      if (!o.spec && !o.k8sVersion && !o.fromCluster) {
        process.stderr.write(`warning: no --k8s-version, --spec or --from-cluster: listing Kubernetes ${spec.kubernetesVersion}, the newest release shipped\n`);
      }
      const rows = spec.operations.map((op) => Object.fromEntries(COLUMNS.map((c) => [c, op[c]])));
      // Through writeChunks: `apisnoop endpoints | head` ends quietly when head has read enough.
      if (o.json) await writeChunks(process.stdout, [JSON.stringify(rows, null, 1) + '\n']);
      else {
        // A table for people: the core group ("" in JSON) is written core, no value (null: /apis/, /version) -.
        // A tab or line break in a field is escaped (\x09) so a row stays one line of ten fields, and a backslash is
        // doubled so that the escape reads back as one: a field holding the text \x09 is written \\x09.
        const cell = (c: (typeof COLUMNS)[number], v: unknown): string =>
          v === null ? '-' : c === 'group' && v === '' ? 'core' : terminalLine(String(v).replaceAll('\\', '\\\\'));
        const lines = rows.map((r) => COLUMNS.map((c) => cell(c, r[c])).join('\t') + '\n');
        await writeChunks(process.stdout, [COLUMNS.join('\t') + '\n', ...lines]);
      }
    });
}

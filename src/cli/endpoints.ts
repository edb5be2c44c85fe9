// apisnoop endpoints --spec FILE --json : every operation of a spec, classified.
import type { Command } from 'commander';
import { addSpecOptions } from './options.js';
import { loadSpecFile, loadSpecVersion, shippedReleases } from '../sources/specs.js';

export function register(program: Command): void {
  const cmd = program.command('endpoints').description('list every operation of a spec with its classification (level, group, version, category, kind, action, deprecated)');
  addSpecOptions(cmd);
  cmd
    .option('--json', 'a JSON array (the default is a tab-separated table)')
    .action(async (o: { spec?: string; k8sVersion?: string; json?: boolean }) => {
      const releases = await shippedReleases();
      const spec = o.spec ? await loadSpecFile(o.spec, o.k8sVersion) : await loadSpecVersion(o.k8sVersion ?? releases[releases.length - 1]);
      const rows = spec.operations.map(({ operationId, method, path, level, group, version, category, kind, action, deprecated }) => ({
        operationId,
        method,
        path,
        level,
        group,
        version,
        category,
        kind,
        action,
        deprecated,
      }));
      if (o.json) {
        process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
        return;
      }
      process.stdout.write('operationId\tmethod\tpath\tlevel\tgroup\tversion\tcategory\tkind\taction\tdeprecated\n');
      for (const r of rows) process.stdout.write(Object.values(r).map((v) => (v === null ? '' : String(v))).join('\t') + '\n');
    });
}

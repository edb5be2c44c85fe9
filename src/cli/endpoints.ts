// apisnoop endpoints [--spec FILE | --k8s-version 1.NN | --from-cluster] [--conformance …] [--json]: every operation
// of a spec, classified, with what the release's conformance data says of it.
import type { Command } from 'commander';
import { conformance, conformanceWord, laterSpecs, noReleaseText, primarySpec, releaseFix, releaseMisfitText, specReleaseWarnings } from '../analyze.js';
import { apiGroups } from '../engine/custom-api.js';
import { earlierOperations, loadDeprecations, loadIneligible, specReleaseMisfit } from '../sources/specs.js';
import { writeChunks } from '../outputs.js';
import { addSpecSourceOptions, named } from './options.js';
import { terminalLine } from '../terminal.js';
import { pathShape, specWarnings } from '../engine/spec.js';

const SPEC_COLUMNS = ['operationId', 'method', 'path', 'level', 'group', 'version', 'category', 'kind', 'action', 'deprecated'] as const;
/** After the classification, so that a reader of the first ten columns reads them as before. */
const COLUMNS = [...SPEC_COLUMNS, 'conformanceTested', 'tested', 'conformanceIneligible', 'custom'] as const;

export function register(program: Command): void {
  const cmd = program
    .command('endpoints')
    .description(
      'list every operation of a spec with its classification (level, group, version, category, kind, action, deprecated) its conformance (conformance tested, tested by any e2e test, why it is ineligible for conformance) and whether it is of a custom API (the CRDs and aggregated APIs of a spec a cluster served)',
    );
  addSpecSourceOptions(cmd);
  cmd
    .addHelpText(
      'after',
      '\nWithout --spec, --k8s-version or --from-cluster: the newest release shipped, said on stderr.\nConformance columns are empty (null, - in the table) where the data has no entry (watch*, custom APIs), with --conformance none, or for a spec that names no release (said on stderr).',
    )
    .option('--conformance <file|1.NN|auto|none>', "APISnoop coverage data, as analyze reads it; auto: the spec's release", named, 'auto')
    .option('--json', 'a JSON array (the default is a tab-separated table)')
    .action(async (o: { spec?: string; k8sVersion?: string; fromCluster?: boolean; conformance?: string; json?: boolean }) => {
      const warn = (w: string) => process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      const settings = { spec: o.spec, kubernetesVersion: o.k8sVersion, fromCluster: o.fromCluster, conformance: o.conformance, onWarning: warn };
      const spec = await primarySpec(settings);
      // A --k8s-version the spec contradicts is not used: said, as analyze says it.
      for (const w of specReleaseWarnings(settings, spec, 'listing')) process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      // A release its own operations contradict (a 1.30 spec given as 1.36) is listed as given, with its totals: said.
      const misfit = specReleaseMisfit(spec);
      if (misfit) warn(releaseMisfitText(undefined, spec, misfit, 'listing'));
      // Listed as the spec has them; said, since an analysis against this spec counts them together.
      for (const w of specWarnings(spec)) process.stderr.write(`${terminalLine(`warning: ${w}`)}\n`);
      // The listing does not say its release: a default chosen for the user is said, as analyze says it.
      if (!o.spec && !o.k8sVersion && !o.fromCluster) {
        process.stderr.write(`warning: no --k8s-version, --spec or --from-cluster: listing Kubernetes ${spec.kubernetesVersion}, the newest release shipped\n`);
      }
      // The overlay's default is the spec's release: a spec that names none gets no data, and every conformance
      // column would be empty without a word of why (an analysis says so among the checks it skips).
      if (conformanceWord(o.conformance) === 'auto' && spec.versionFrom === 'unknown') {
        warn(`${noReleaseText(spec)}, so no conformance data is loaded and the conformance columns are empty; ${releaseFix(undefined)}, or the data with --conformance`);
      }
      const [conf, ineligible, later, deprecations] = await Promise.all([conformance(settings, spec), loadIneligible(), laterSpecs(settings, spec), loadDeprecations()]);
      // As analyze tells them: a served spec's CRDs and aggregated APIs, which the alpha and beta rules do not judge.
      const groups = apiGroups({ later, deprecations, earlier: earlierOperations(spec.kubernetesVersion) });
      const rows = spec.operations.map((op) => {
        const entry = conf?.endpoints.get(op.operationId);
        return {
          ...Object.fromEntries(SPEC_COLUMNS.map((c) => [c, op[c]])),
          conformanceTested: entry ? entry.conformanceTested : null,
          tested: entry ? entry.tested : null,
          // Kubernetes' rules, not the data: said with no data too, as report.json says it.
          conformanceIneligible: ineligible.get(op.operationId) ?? null,
          custom: groups.custom(pathShape(op.path).group),
        } as Record<(typeof COLUMNS)[number], unknown>;
      });
      // Through writeChunks: `apisnoop endpoints | head` ends quietly when head has read enough.
      if (o.json) await writeChunks(process.stdout, [JSON.stringify(rows, null, 1) + '\n']);
      else {
        // A table for people: the core group ("" in JSON) is written core, no value (null: /apis/, /version) -.
        // A tab or line break in a field is escaped (\x09) so a row stays one line of fourteen fields, and a backslash is
        // doubled so that the escape reads back as one: a field holding the text \x09 is written \\x09.
        const cell = (c: (typeof COLUMNS)[number], v: unknown): string =>
          v === null ? '-' : c === 'group' && v === '' ? 'core' : terminalLine(String(v).replaceAll('\\', '\\\\'));
        const lines = rows.map((r) => COLUMNS.map((c) => cell(c, r[c])).join('\t') + '\n');
        await writeChunks(process.stdout, [COLUMNS.join('\t') + '\n', ...lines]);
      }
    });
}

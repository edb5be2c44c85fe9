// `apisnoop merge` of reports made from the SAME log under different filters (a platform team analyzing one
// cluster's log once per chart): the log's requests read count once, not once per report, it is listed once, and the
// notice says that the filters were applied to the same log. Reports of different logs, and reports made before the
// reports told their logs apart (inputIds), add up as before.
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { parseStdout, runCli, type CliResult } from '../helpers/cli.js';
import { AUDIT2RBAC_V1, HKERMA_CSV, scratchDir } from '../helpers/fixtures.js';
import { convertHkermaCsv } from '../helpers/hkerma.js';

const dir = scratchDir('cli-merge-same-log');
const log = path.join(dir, 'hkerma.jsonl');
const ANALYZE = ['--k8s-version', '1.28', '--conformance', 'none', '--format', 'json', '-q'];
const PROMETHEUS = ['-n', 'kube-prometheus-stack', '--serviceaccount', 'kube-prometheus-stack:*'];
const CERT_MANAGER = ['-n', 'cert-manager', '--serviceaccount', 'cert-manager:*'];
const FILTERS = 'namespace kube-prometheus-stack, service account kube-prometheus-stack:*; namespace cert-manager, service account cert-manager:*';
/** The filters as the merge's notes name them: by their text, whatever the order of the reports. */
const SORTED_FILTERS = FILTERS.split('; ').sort().join('; ');

const analyze = async (file: string, filter: string[]): Promise<CliResult> => {
  const r = await runCli(['analyze', file, ...filter, ...ANALYZE]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r;
};
const save = (name: string, report: Report | string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  return file;
};
/** The report as one made before inputIds: without them. */
const withoutIds = ({ inputIds: _ids, ...report }: Report): Report => report;

let prometheus: Report;
let certManager: Report;
let files: { prometheus: string; certManager: string };
beforeAll(async () => {
  writeFileSync(log, convertHkermaCsv(HKERMA_CSV).lines.join('\n') + '\n');
  const [p, c] = await Promise.all([analyze(log, PROMETHEUS), analyze(log, CERT_MANAGER)]);
  [prometheus, certManager] = [parseStdout<Report>(p), parseStdout<Report>(c)];
  files = { prometheus: save('prometheus.json', p.stdout), certManager: save('cert-manager.json', c.stdout) };
}, 120_000);

describe('merge of reports of the same log', () => {
  it('each report tells its log by its size and first and last bytes', () => {
    expect(prometheus.inputs).toEqual([log]);
    expect(prometheus.inputIds).toEqual([{ bytes: statSync(log).size, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(certManager.inputIds).toEqual(prometheus.inputIds);
  });

  it('two filters that select different requests: the requests read once, the selected added up, as analyzing the log with both filters', async () => {
    // The merged selection lists the filters' namespaces and service accounts sorted, whatever the order of the reports.
    const [merged, both] = await Promise.all([runCli(['merge', files.prometheus, files.certManager]), analyze(log, [...CERT_MANAGER, ...PROMETHEUS])]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const m = parseStdout<Report>(merged);
    const whole = parseStdout<Report>(both);
    expect(prometheus.summary.requests).toBe(16474);
    expect(certManager.summary.requests).toBe(16474);
    // The filters select different requests (both together select what the two select apart): the merge is exact.
    expect(whole.summary.selected).toBe(prometheus.summary.selected + certManager.summary.selected);
    expect(m.summary).toEqual(whole.summary);
    expect(m.summary).toMatchObject({ requests: 16474, events: prometheus.summary.events, invalidLines: 0 });
    const { runNotes, parts, ...rest } = m;
    expect(rest).toEqual(whole);
    expect(m.inputs).toEqual([log]);
    expect(m.inputIds).toEqual(prometheus.inputIds);
    // Each report is still a part, with what it read and selected.
    expect(parts).toEqual([
      { name: files.prometheus, requests: 16474, selected: prometheus.summary.selected, filter: FILTERS.split('; ')[0] },
      { name: files.certManager, requests: 16474, selected: certManager.summary.selected, filter: FILTERS.split('; ')[1] },
    ]);
    const notice =
      `the reports select requests differently (${SORTED_FILTERS}): the merged report lists every filter, but each report applied only its own, ` +
      `all of them to the same log (${log}), whose requests read count once: a request both filters selected counts in both (the merge cannot know which)`;
    expect(runNotes).toEqual({ problems: [], notices: [notice] });
    expect(merged.stderr.split('\n')).toContain(`warning: ${notice}`);
    expect(merged.stderr).toMatch(new RegExp(`^PASS: 16474 requests, ${whole.summary.selected} selected, `, 'm'));
  });

  it('the same log under another name, with the same filter: counted once, the merged report is the first report', async () => {
    const copy = path.join(dir, 'elsewhere', 'audit.log');
    mkdirSync(path.dirname(copy), { recursive: true });
    copyFileSync(log, copy);
    const again = await analyze(copy, CERT_MANAGER);
    expect(parseStdout<Report>(again).inputIds).toEqual(certManager.inputIds);
    const file = save('cert-manager-again.json', again.stdout);
    const merged = await runCli(['merge', files.certManager, file]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(parseStdout<Report>(merged)).toEqual(certManager);
    expect(merged.stderr.split('\n')).toContain(
      `warning: ${file} read the same log as ${files.certManager} and selected the same requests (namespace cert-manager, service account cert-manager:*): counted once, as a report given twice is`,
    );
  });

  it('reports made before inputIds are counted as before: each its own log, also beside reports that tell theirs', async () => {
    const old = [withoutIds(prometheus), withoutIds(certManager)];
    const merged = await runCli(['merge', save('old-prometheus.json', old[0]!), save('old-cert-manager.json', old[1]!), '-q']);
    const m = parseStdout<Report>(merged);
    expect(m.summary).toMatchObject({ requests: 2 * 16474, selected: prometheus.summary.selected + certManager.summary.selected, events: 2 * prometheus.summary.events });
    expect(m.inputs).toEqual([log, log]);
    expect(m.inputIds).toBeUndefined();
    expect(m.runNotes?.notices).toEqual([
      `the reports select requests differently (${SORTED_FILTERS}): the merged report lists every filter, but each report applied only its own, to its own logs`,
    ]);
    // An old report of the log beside two new ones: the new ones' log counts once, the old one's apart.
    const mixed = parseStdout<Report>(await runCli(['merge', files.prometheus, files.certManager, save('old-prometheus-2.json', old[0]!), '-q']));
    expect(mixed.summary.requests).toBe(2 * 16474);
    expect(mixed.inputs).toEqual([log, log]);
    expect(mixed.inputIds).toEqual([...prometheus.inputIds!, null]);
    expect(mixed.runNotes?.notices).toEqual([
      `the reports select requests differently (${SORTED_FILTERS}): the merged report lists every filter, but each report applied only its own, to its own logs, except that ` +
        // Named by the files given, as the merge's other notes and parts name them, sorted.
        `${files.certManager} and ${files.prometheus} applied theirs to the same log (${log}), whose requests read count once: a request both their filters selected counts in both (the merge cannot know which)`,
    ]);
  });
});

describe('empty inputs, which hold no request', () => {
  it('the log in a directory beside an empty rotated file is the same log as the log named alone, and an empty file is no log two reports share', async () => {
    const withEmpty = path.join(dir, 'with-empty');
    mkdirSync(withEmpty, { recursive: true });
    copyFileSync(log, path.join(withEmpty, 'audit.log'));
    writeFileSync(path.join(withEmpty, 'audit-rotated.log'), '');
    const inDir = save('prometheus-dir.json', (await analyze(withEmpty, PROMETHEUS)).stdout);
    const r = await runCli(['merge', inDir, files.certManager]);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = parseStdout<Report>(r);
    expect(m.summary).toMatchObject({ requests: 16474, selected: prometheus.summary.selected + certManager.summary.selected });
    expect(m.runNotes?.notices.join('\n')).toContain('all of them to the same log');
    expect(r.stderr).not.toContain('beside logs the other did not read');

    // Two different logs, each beside an empty file: two logs, added up, and no log said to be read by both.
    const other = path.join(dir, 'other-with-empty');
    mkdirSync(other, { recursive: true });
    copyFileSync(AUDIT2RBAC_V1, path.join(other, 'audit.log'));
    writeFileSync(path.join(other, 'audit-rotated.log'), '');
    const otherReport = await analyze(other, []);
    const both = await runCli(['merge', inDir, save('other-dir.json', otherReport.stdout), '-q']);
    expect(parseStdout<Report>(both).summary.requests).toBe(16474 + parseStdout<Report>(otherReport).summary.requests);
    expect(both.stderr).not.toContain('both read');
  });
});

describe('merge of reports that share some of their logs', () => {
  it('a merged report of one log merged again with another report of it: the log still counts once', async () => {
    const merged = save('merged.json', (await runCli(['merge', files.prometheus, files.certManager])).stdout);
    const kubeSystem = save('kube-system.json', (await analyze(log, ['-n', 'kube-system'])).stdout);
    const again = parseStdout<Report>(await runCli(['merge', merged, kubeSystem, '-q']));
    const selected = parseStdout<Report>(await runCli(['merge', files.prometheus, files.certManager, kubeSystem, '-q'])).summary.selected;
    expect(again.summary).toMatchObject({ requests: 16474, selected });
    expect(again.inputs).toEqual([log]);
    expect(again.parts!.map((p) => p.name)).toEqual([files.prometheus, files.certManager, kubeSystem]);
  });

  it('a log two reports read, one of them beside another log: counted in both, as before, and said', async () => {
    const withOther = await analyze(log, [AUDIT2RBAC_V1, ...PROMETHEUS]);
    const file = save('prometheus-and-other.json', withOther.stdout);
    const r = await runCli(['merge', file, files.certManager]);
    const m = parseStdout<Report>(r);
    expect(m.summary.requests).toBe(parseStdout<Report>(withOther).summary.requests + 16474);
    // Read oldest first: the 2017 log before the hkerma one (oldest-first.ts).
    expect(m.inputs).toEqual([AUDIT2RBAC_V1, log, log]);
    expect(r.stderr.split('\n')).toContain(
      `warning: ${file} and ${files.certManager} both read ${log}, beside logs the other did not read: its requests count in the requests read of both, ` +
        'as the merge counts what each report read as a whole; merge reports of the same logs, or of different ones',
    );
  });
});

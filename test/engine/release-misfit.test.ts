// A spec file whose release is taken from --k8s-version or its file name (upstream's swagger.json says
// "unversioned"): its built-in operations, by the shipped catalogue, say whether that release can be its own. On the
// real specs: each fits its own release, and each given as another shipped release is caught, with the operations of
// it the other release's real spec lacks counted, and its own release named as the best fit.
import { describe, expect, it } from 'vitest';
import { releaseMisfitText } from '../../src/analyze.js';
import { releaseMisfit, type CatalogueData } from '../../src/engine/release-catalogue.js';
import type { Operation } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { shippedCatalogue, shippedReleases, specReleaseMisfit } from '../../src/sources/specs.js';
import { loadFixtureSpec, SPEC_FILES } from '../helpers/fixtures.js';

/** The release a fixture file is of: swagger-1.21-served-kind.json.gz -> 1.21. */
const releaseOf = (file: string): string => /swagger-(\d+\.\d+)/.exec(file)![1]!;
const key = (op: Pick<Operation, 'method' | 'path'>): string => `${op.method} ${op.path}`;
const data = (): CatalogueData => shippedCatalogue()!;

describe('releaseMisfit on the real specs', () => {
  it.each(SPEC_FILES)('%s, taken as its own release: nothing to say', async (file) => {
    const spec = await loadFixtureSpec(file);
    expect(releaseMisfit(data(), spec.operations, releaseOf(file))).toBeNull();
  });

  it.each(SPEC_FILES)('%s, taken as every other shipped release: what that release\'s real spec lacks of it, and its own release as the best fit', async (file) => {
    const spec = await loadFixtureSpec(file);
    const own = releaseOf(file);
    const others = (await shippedReleases()).filter((r) => r !== own);
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const other of others) {
      // Told by the other release's own spec, not by the catalogue: the operations it does not have.
      const theirs = new Set((await loadFixtureSpec(other)).operations.map(key));
      const lacking = spec.operations.filter((op) => !theirs.has(key(op)));
      const m = releaseMisfit(data(), spec.operations, other);
      // Every pair of the shipped releases differs so (1.36 dropped 12 operations of 1.35's).
      expect(lacking.length, `${file} as ${other}`).toBeGreaterThan(0);
      expect(m, `${file} as ${other}`).toMatchObject({ release: other, unserved: lacking.length, bestFit: own });
      expect(m!.examples.length).toBe(Math.min(3, lacking.length));
      const lackingIds = new Set(lacking.map((op) => op.operationId));
      for (const e of m!.examples) {
        expect(lackingIds.has(e.operationId)).toBe(true);
        expect(e.served).not.toContain(other);
        expect(e.served.length).toBeGreaterThan(0);
      }
    }
  });

  it('a release between two shipped ones is served by what either of them serves; past the newest, what it serves', async () => {
    const [s128, s130, s113, s136] = await Promise.all(['1.28', '1.30', '1.13', '1.36'].map((r) => loadFixtureSpec(r)));
    // 1.29 is not shipped: an operation 1.28 had may have lasted into it, one 1.30 added may have come with it.
    expect(releaseMisfit(data(), s128.operations, '1.29')).toBeNull();
    expect(releaseMisfit(data(), s130.operations, '1.29')).toBeNull();
    const m = releaseMisfit(data(), s113.operations, '1.29')!;
    expect(m).toMatchObject({ around: ['1.28', '1.30'], bestFit: '1.13' });
    expect(releaseMisfitText(undefined, { source: 'swagger.json', versionFrom: 'given' }, m, 'analysis')).toMatch(
      /^swagger\.json: taken as Kubernetes 1\.29 \(--k8s-version\), but \d+ of its built-in operations \(those of the releases apisnoop ships\) are served by no shipped release around 1\.29 \(1\.28, 1\.30\) and fit Kubernetes 1\.13 best: .* Served by none of 1\.28, 1\.30: /,
    );
    // A shipped release is asked alone.
    expect(releaseMisfit(data(), s113.operations, '1.30')?.around).toEqual(['1.30']);
    expect(releaseMisfit(data(), s136.operations, '1.37')).toBeNull();
  });

  it("an operation of no shipped release (a served spec's custom resources) says nothing", async () => {
    const spec = await loadFixtureSpec('1.33');
    const crd: Operation = { ...spec.operations[0]!, operationId: 'listDemoExampleComV1Widget', path: '/apis/demo.example.com/v1/widgets', group: 'demo.example.com' };
    expect(releaseMisfit(data(), [...spec.operations, crd], '1.33')).toBeNull();
    expect(releaseMisfit(data(), [crd], '1.13')).toBeNull();
  });

  it('the shipped releases fit in the bits of a number, which the check holds an operation\'s releases in', () => {
    expect(data().releases.length).toBeLessThanOrEqual(31);
  });

  it('reads each group/version of the catalogue once, however many specs are checked', async () => {
    const real = data();
    const reads = new Map<string, number>();
    const counted: CatalogueData = { ...real, operationsOf: (head) => (reads.set(head, (reads.get(head) ?? 0) + 1), real.operationsOf(head)) };
    for (const r of ['1.30', '1.33', '1.36']) releaseMisfit(counted, (await loadFixtureSpec(r)).operations, '1.33');
    expect([...reads.keys()].sort()).toEqual([...real.groupVersions].sort());
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('specReleaseMisfit: only a release the spec does not name itself', () => {
  it('is checked when given or read from the file name, not when the spec says it (info.version)', async () => {
    const s130 = await loadFixtureSpec('1.30');
    const as133 = (versionFrom: Spec['versionFrom']) => specReleaseMisfit({ ...s130, kubernetesVersion: '1.33', versionFrom });
    expect(as133('given')?.bestFit).toBe('1.30');
    expect(as133('file name')?.bestFit).toBe('1.30');
    // A cluster's own document says what it runs: taken as it is.
    expect(as133('spec')).toBeNull();
    expect(specReleaseMisfit({ ...s130, kubernetesVersion: 'unknown', versionFrom: 'unknown' })).toBeNull();
    // kind's served 1.21 names its release, and fits it (1.21 is known only from that document: 1.13 to 1.28 may serve it).
    const kind = await loadFixtureSpec('1.21-served-kind');
    expect(kind.versionFrom).toBe('spec');
    expect(specReleaseMisfit({ ...kind, versionFrom: 'given' })).toBeNull();
    expect(specReleaseMisfit({ ...kind, kubernetesVersion: '1.28', versionFrom: 'given' })?.bestFit).toBe('1.21');
  });
});

describe('releaseMisfitText in the Action', () => {
  it("names the input kubernetes-version, and says to set it to the release that fits", async () => {
    const m = releaseMisfit(data(), (await loadFixtureSpec('1.30')).operations, '1.33')!;
    const said = releaseMisfitText('action', { source: 'openapi-v2.json', versionFrom: 'given' }, m, 'analysis');
    expect(said).toMatch(/^openapi-v2\.json: taken as Kubernetes 1\.33 \(input kubernetes-version\), but 152 of its built-in operations .* fit Kubernetes 1\.30 best: if it is that release, set the input kubernetes-version to 1\.30; judged as Kubernetes 1\.33, /);
    expect(said).not.toContain('--k8s-version');
  });
});

// The artifact upload: what is sent, the link it yields, and how it degrades.
import { describe, expect, it, onTestFinished } from 'vitest';
import { uploadReportArtifact, type ArtifactUploader } from '../../src/github/artifacts.js';
import { ActionHarness } from '../fakes/action-harness.js';

const runUrl = 'https://github.com/o/r/actions/runs/5';

describe('uploadReportArtifact', () => {
  it('uploads the files from their root and links the artifact on the run page', async () => {
    const seen: unknown[] = [];
    const uploader: ArtifactUploader = {
      uploadArtifact: async (name, files, root) => {
        seen.push({ name, files, root });
        return { id: 77, size: 10 };
      },
    };
    const res = await uploadReportArtifact('apisnoop-report', ['/d/report.json', '/d/audit/a.log'], '/d', runUrl, uploader);
    expect(res).toEqual({ id: 77, size: 10, url: `${runUrl}/artifacts/77` });
    expect(seen).toEqual([{ name: 'apisnoop-report', files: ['/d/report.json', '/d/audit/a.log'], root: '/d' }]);
    await expect(uploadReportArtifact('x', ['/elsewhere/f'], '/d', runUrl, uploader)).rejects.toThrow('artifact file /elsewhere/f is not under /d');
  });

  it('a failing upload, or no runtime token, is a warning and no artifact', async () => {
    const h = new ActionHarness('t', 'http://127.0.0.1:1');
    onTestFinished(() => h.cleanup());
    const env = h.env({ 'audit-log': '/dev/null' });
    const failing: ArtifactUploader = { uploadArtifact: async () => { throw new Error('storage quota reached'); } };
    let res: unknown = 'unset';
    const failed = await h.inProcess(env, async () => {
      res = await uploadReportArtifact('a', ['/d/f'], '/d', runUrl, failing);
    });
    expect(res).toBeNull();
    expect(failed.warnings).toEqual(['Artifact upload failed: storage quota reached']);

    const skipped = await h.inProcess({ ...env, ACTIONS_RUNTIME_TOKEN: '' }, async () => {
      res = await uploadReportArtifact('a', ['/d/f'], '/d', runUrl);
    });
    expect(res).toBeNull();
    expect(skipped.warnings[0]).toContain('ACTIONS_RUNTIME_TOKEN is not set');
  });

  // The artifact service keeps one artifact per name per workflow run, and a re-run job is the same run: its upload
  // meets its earlier attempt's artifact with a 409 (actions/upload-artifact's README, "Uploading to the same named
  // Artifact multiple times"; its overwrite input deletes the old one first, as done here on a re-run only).
  const conflict = () => new Error('Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run');
  /** A run's artifact store: one artifact per name, as the service keeps them. */
  function store() {
    const names = new Map<string, string[]>();
    const deleted: string[] = [];
    const uploader: ArtifactUploader = {
      uploadArtifact: async (name, files) => {
        if (names.has(name)) throw conflict();
        names.set(name, files);
        return { id: 100 + names.size + deleted.length, size: 1 };
      },
      deleteArtifact: async (name) => {
        deleted.push(name);
        names.delete(name);
        return { id: 1 };
      },
    };
    return { names, deleted, uploader };
  }

  it('a re-run job replaces its earlier attempt\'s artifact of the same name', async () => {
    const h = new ActionHarness('t', 'http://127.0.0.1:1');
    onTestFinished(() => h.cleanup());
    const s = store();
    s.names.set('apisnoop-report', ['/d/report.json (attempt 1)']);
    let res: unknown = 'unset';
    const rerun = await h.inProcess({ ...h.env({ 'audit-log': '/dev/null' }), GITHUB_RUN_ATTEMPT: '2' }, async () => {
      res = await uploadReportArtifact('apisnoop-report', ['/d/report.json'], '/d', runUrl, s.uploader);
    });
    expect(rerun.warnings).toEqual([]);
    expect(s.deleted).toEqual(['apisnoop-report']);
    expect(s.names.get('apisnoop-report')).toEqual(['/d/report.json']);
    expect(res).toMatchObject({ url: expect.stringMatching(/\/artifacts\/\d+$/) });
    expect(rerun.output).toContain("the earlier attempt's is replaced");
  });

  it('in a first attempt a taken name is another job\'s: never deleted, and the warning says to name each job\'s artifact', async () => {
    const h = new ActionHarness('t', 'http://127.0.0.1:1');
    onTestFinished(() => h.cleanup());
    const s = store();
    s.names.set('apisnoop-report', ['/leg-a/report.json']);
    let res: unknown = 'unset';
    const first = await h.inProcess({ ...h.env({ 'audit-log': '/dev/null' }), GITHUB_RUN_ATTEMPT: '1' }, async () => {
      res = await uploadReportArtifact('apisnoop-report', ['/d/report.json'], '/d', runUrl, s.uploader);
    });
    expect(res).toBeNull();
    expect(s.deleted).toEqual([]);
    expect(s.names.get('apisnoop-report')).toEqual(['/leg-a/report.json']);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toContain('(409) Conflict');
    expect(first.warnings[0]).toContain('give each job (each matrix leg) an artifact-name of its own');
  });
});

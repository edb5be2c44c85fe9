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
});

// The run's artifact: audit logs, spec, report.json, report.md, report.html and the CSVs, uploaded as one artifact
// with @actions/artifact. Outside a runner (no ACTIONS_RUNTIME_TOKEN) the upload is skipped with a warning.
import path from 'node:path';
import { logInfo, logWarning } from './log.js';

/** The part of @actions/artifact's client used here; tests hand in their own. */
export interface ArtifactUploader {
  uploadArtifact(name: string, files: string[], rootDirectory: string, options?: { retentionDays?: number }): Promise<{ id?: number; size?: number }>;
}

export interface UploadedArtifact {
  id: number;
  size: number;
  /** Link to the artifact on the run page, when the run is known. */
  url: string | null;
}

async function defaultUploader(): Promise<ArtifactUploader | null> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    logWarning('Artifact upload skipped: ACTIONS_RUNTIME_TOKEN is not set (not running on a GitHub Actions runner). The report files stay in the report directory.');
    return null;
  }
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** Uploads the files (all under root); a failed upload is a warning, never the end of the run. */
export async function uploadReportArtifact(
  name: string,
  files: string[],
  root: string,
  runUrl: string | null,
  uploader?: ArtifactUploader | null,
): Promise<UploadedArtifact | null> {
  const client = uploader === undefined ? await defaultUploader() : uploader;
  if (!client) return null;
  for (const f of files) {
    if (path.relative(root, f).startsWith('..')) throw new Error(`artifact file ${f} is not under ${root}`);
  }
  try {
    const res = await client.uploadArtifact(name, files, root);
    if (res.id === undefined) {
      logWarning(`Artifact ${name}: the upload returned no id`);
      return null;
    }
    logInfo(`Artifact ${name} uploaded: ${files.length} files, ${res.size ?? 0} bytes`);
    return { id: res.id, size: res.size ?? 0, url: runUrl ? `${runUrl}/artifacts/${res.id}` : null };
  } catch (err) {
    logWarning(`Artifact upload failed: ${(err as Error).message}`);
    return null;
  }
}

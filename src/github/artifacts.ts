// The run's artifact: audit logs, spec, report.json, report.md, report.html and the CSVs, uploaded as one artifact
// with @actions/artifact. Outside a runner (no ACTIONS_RUNTIME_TOKEN) the upload is skipped with a warning.
import path from 'node:path';
import { logInfo, logWarning } from './log.js';

/** The part of @actions/artifact's client used here; tests hand in their own. */
export interface ArtifactUploader {
  uploadArtifact(name: string, files: string[], rootDirectory: string, options?: { retentionDays?: number }): Promise<{ id?: number; size?: number }>;
  /** Deletes this run's artifact of that name (@actions/artifact's deleteArtifact, as upload-artifact's overwrite does). */
  deleteArtifact?(name: string): Promise<unknown>;
}

/**
 * The artifact service refuses a second artifact of one name in a workflow run: "(409) Conflict: an artifact with this
 * name already exists on the workflow run". A re-run job (GITHUB_RUN_ATTEMPT > 1) is the same run, and finds its
 * earlier attempt's artifact there.
 */
export function isNameConflict(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /\(409\)|already exists on the workflow run/i.test(message);
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
    const res = await uploadReplacingEarlierAttempt(client, name, files, root);
    if (res.id === undefined) {
      logWarning(`Artifact ${name}: the upload returned no id`, 'top');
      return null;
    }
    logInfo(`Artifact ${name} uploaded: ${files.length} files, ${res.size ?? 0} bytes`);
    return { id: res.id, size: res.size ?? 0, url: runUrl ? `${runUrl}/artifacts/${res.id}` : null };
  } catch (err) {
    const why = isNameConflict(err)
      ? ` Another job of this workflow run uploaded an artifact named ${name}: give each job (each matrix leg) an artifact-name of its own.`
      : '';
    logWarning(`Artifact upload failed: ${(err as Error).message}${why}`, 'top');
    return null;
  }
}

/**
 * Uploads; in a re-run job whose name is taken, by its own earlier attempt's artifact, that one is deleted and the
 * upload made again, so that the artifact (and what a comment workflow or a fan-in job downloads) is this attempt's
 * report, not the earlier one's. In a first attempt a taken name is another job's: it is never deleted.
 */
async function uploadReplacingEarlierAttempt(client: ArtifactUploader, name: string, files: string[], root: string): Promise<{ id?: number; size?: number }> {
  try {
    return await client.uploadArtifact(name, files, root);
  } catch (err) {
    const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? '1');
    if (!isNameConflict(err) || !(attempt > 1) || !client.deleteArtifact) throw err;
    logInfo(`Artifact ${name} exists already in this run (attempt ${attempt} of a re-run): the earlier attempt's is replaced`);
    await client.deleteArtifact(name);
    return client.uploadArtifact(name, files, root);
  }
}

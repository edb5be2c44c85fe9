// A fake command (kubectl) found first on PATH, as the code under test looks a command up: for one call only, so that
// the tests that follow find the real ones.

/** Runs fn with `bin` first on PATH; PATH is as it was afterwards, whether fn threw or not. */
export async function withFirstOnPath<T>(bin: string, fn: () => Promise<T>): Promise<T> {
  const oldPath = process.env.PATH;
  process.env.PATH = `${bin}:${oldPath}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = oldPath;
  }
}

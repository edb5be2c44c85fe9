// One wording for a file the tool cannot open, whichever source reads it: the file, then the system's code.
export function readFailure(file: string, err: unknown): string {
  return `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
}

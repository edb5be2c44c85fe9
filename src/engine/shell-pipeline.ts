// The commands messages give to rewrite a log before APISnoop reads it: written to a file, which every command that
// reads logs takes (load-audit reads files, not stdin: it knows a log loaded twice by the file's contents).

/** steps, the first run on from, each piped into the next, the last written to to: `a from | b > to` (shell words as shown). */
export function intoFile(steps: readonly string[], from: string, to: string): string {
  return `${[`${steps[0]} ${from}`, ...steps.slice(1)].join(' | ')} > ${to}`;
}

// Quoting for a POSIX shell, for command lines shown to people (the Action's [command] log lines, the commands serve
// and its page suggest). Imports nothing: the page bundles it.

/** word as one shell word: as it is when it needs no quoting, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

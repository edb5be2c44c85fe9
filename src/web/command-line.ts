// The commands serve and its page suggest, quoted for a POSIX shell. Imports nothing: the page bundles it.

/** word as one shell word: as it is when it needs no quoting, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** apisnoop load-audit with args, and --db when the store is not the default one (a load there would not be seen). */
export function loadAuditCommand(args: string, db?: string): string {
  return `apisnoop load-audit ${args}${db === undefined ? '' : ` --db ${shellWord(db)}`}`;
}

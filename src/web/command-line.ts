// The commands serve, its page and the store suggest, quoted for a POSIX shell. The page bundles it: it imports only shell-word.
import { shellWord } from '../shell-word.js';

/** apisnoop COMMAND with args, and --db when the store is not the default one (a command there would not act on it). */
function storeCommand(command: string, args: string, db: string | undefined): string {
  return `apisnoop ${command} ${args}${db === undefined ? '' : ` --db ${shellWord(db)}`}`;
}

/** apisnoop load-audit with args, and --db when the store is not the default one (a load there would not be seen). */
export function loadAuditCommand(args: string, db?: string): string {
  return storeCommand('load-audit', args, db);
}

/** apisnoop remove-audit APP, and --db when the store is not the default one (else the default store's app goes). */
export function removeAuditCommand(app: string, db?: string): string {
  return storeCommand('remove-audit', shellWord(app), db);
}

// The commands serve and its page suggest, quoted for a POSIX shell. The page bundles it: it imports only shell-word.
import { shellWord } from '../shell-word.js';

/** apisnoop load-audit with args, and --db when the store is not the default one (a load there would not be seen). */
export function loadAuditCommand(args: string, db?: string): string {
  return `apisnoop load-audit ${args}${db === undefined ? '' : ` --db ${shellWord(db)}`}`;
}

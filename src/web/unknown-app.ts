// What serve and its page say of an app name the store does not hold: one message, so that the page, which knows the
// apps already, need not ask the server for one it knows is absent (a failed request in the browser's console).
import { loadAuditCommand } from './command-line.js';

/**
 * 'no app named "x" (loaded: a, b)', or that the store is empty and how to fill it: db, the --db serve reads when not
 * the default, is named in the command (a load into the default store would not be seen).
 */
export function unknownAppMessage(name: string, known: readonly string[], db?: string): string {
  return unknownAppsMessage([name], known, db);
}

/** 'no app named "x"' for several names: 'no apps named "x", "y" (loaded: a, b)'. */
export function unknownAppsMessage(names: readonly string[], known: readonly string[], db?: string): string {
  return noneNamedMessage('app', names, known.length > 0 ? `loaded: ${known.join(', ')}` : `the database is empty: load one with ${loadAuditCommand('LOG --app NAME', db)}`);
}

/** 'no THINGs named "x", "y" (THERE)': names asked for that no THING has, and what there is instead. */
export function noneNamedMessage(thing: string, names: readonly string[], there: string): string {
  return `no ${thing}${names.length === 1 ? '' : 's'} named ${names.map((n) => JSON.stringify(n)).join(', ')} (${there})`;
}

// What serve and its page say of an app name the store does not hold: one message, so that the page, which knows the
// apps already, need not ask the server for one it knows is absent (a failed request in the browser's console).

/** 'no app named "x" (loaded: a, b)', or that the store is empty and how to fill it. */
export function unknownAppMessage(name: string, known: readonly string[]): string {
  return `no app named ${JSON.stringify(name)}${known.length > 0 ? ` (loaded: ${known.join(', ')})` : ' (the database is empty: load one with apisnoop load-audit)'}`;
}

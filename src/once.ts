// Warnings said once each: analyze reads the logs a second time when least privilege is checked, and what the
// first reading warned of (a file given twice, a spec, an empty file) is the same news the second time.

/** emit, called once per distinct message. */
export function oncePerMessage(emit: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    emit(message);
  };
}

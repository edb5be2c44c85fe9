// Warnings said once each, where the same news can come twice: the Action reads the logs a second time to check
// least privilege (a file given twice, an empty file), and the analysis and the comparison load specs alike.

/** emit, called once per distinct message. */
export function oncePerMessage(emit: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    emit(message);
  };
}

// Warnings said once each, where the same news can come twice: the analysis and the least-privilege comparison
// load specs alike, and manifests are read once per namespace their unnamespaced objects default to.

/** emit, called once per distinct message. */
export function oncePerMessage(emit: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    emit(message);
  };
}

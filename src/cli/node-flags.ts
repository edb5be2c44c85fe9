// Whether Node was started with a V8 flag (on its command line or in NODE_OPTIONS), in either spelling: V8 takes
// --heap_growing_percent as well as --heap-growing-percent. The CLI's heap settings leave such a flag to the user.

export function nodeFlagGiven(flag: string): boolean {
  const name = flag.replace(/_/g, '-');
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.replace(/_/g, '-').includes(name));
}

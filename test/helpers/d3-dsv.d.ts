// d3 v7 ships d3-dsv (its CSV parser) without types, and @types/d3 is not installed; the tests use it as an
// independent CSV parser, so the few functions they call are declared here (signatures as in @types/d3-dsv).
declare module 'd3-dsv' {
  export function csvParse(text: string): Array<Record<string, string>> & { columns: string[] };
  export function csvParseRows(text: string): string[][];
}
declare module 'd3' {
  export function csvParseRows(text: string): string[][];
}

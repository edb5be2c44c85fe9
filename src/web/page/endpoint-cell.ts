// An endpoint as the tables show it (app, compare, conformance): its operation id over its method and path, each
// breaking where it reads well, not at any letter, as the column narrows.
import { breakable, breakInto, h } from './dom.js';

/** Between the words of a camel-cased name: an operation id, a kind. */
export const BETWEEN_WORDS = /(?<=[a-z0-9])(?=[A-Z])/;

/**
 * A path breaks after a dot or a slash, and before the slash of a parameter ("…/validatingadmissionpolicybindings",
 * "/{name}"): the slash at the end of the longest segment of 1.36 (33 letters) left it a letter too wide for the
 * column at 1280 px, broken inside ("…bindin|gs/").
 */
export const PATH_BREAKS = /(?<=[./])(?!\{)|(?=\/\{)/;

/** The cell's content: id, method and path, then whatever follows them (the app view's tags). */
export function endpointCell(op: { operationId: string; method: string; path: string }, ...after: Node[]): HTMLElement {
  return h(
    'div',
    { class: 'endpoint' },
    breakInto(h('code', { class: 'op-id' }), op.operationId, BETWEEN_WORDS),
    h('span', { class: 'op-path' }, h('span', { class: `method m-${op.method}` }, op.method.toUpperCase()), ' ', breakable(op.path, PATH_BREAKS)),
    ...after,
  );
}

import { describe, expect, it } from 'vitest';
import { oncePerMessage } from '../src/once.js';

describe('oncePerMessage', () => {
  it('passes each distinct message on once, in the order first seen', () => {
    const said: string[] = [];
    const warn = oncePerMessage((m) => said.push(m));
    for (const m of ['a.log is given twice', 'no spec', 'a.log is given twice', 'no spec', 'empty file']) warn(m);
    expect(said).toEqual(['a.log is given twice', 'no spec', 'empty file']);
  });
});

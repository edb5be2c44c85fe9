// What a failed command said, as the notes of a run quote it: its last lines that say something.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastLines, runCommand, saidLast } from '../../src/cluster/command.js';
import { scratchDir } from '../helpers/scratch.js';

const out = (stderr: string, stdout = '') => ({ stderr, stdout });

describe('lastLines and saidLast', () => {
  it('takes the last lines of the error output, without colours, blank or punctuation-only lines', () => {
    const stderr = 'Installing\n\n\u001b[31mError: INSTALLATION FAILED: context deadline exceeded\u001b[0m\n---\n   \n';
    expect(lastLines(out(stderr), 3)).toEqual(['Error: INSTALLATION FAILED: context deadline exceeded']);
    expect(lastLines(out('Installing\n\n\u001b[32mready\u001b[0m\n---\n'), 3)).toEqual(['Installing', 'ready']);
    expect(saidLast(out(stderr))).toBe(': Error: INSTALLATION FAILED: context deadline exceeded');
  });
  it('starts at the last Error line when output follows it (kind prints kubeadm\'s after its own ERROR)', () => {
    const stderr = [' ✓ Preparing nodes 📦', 'ERROR: failed to create cluster: failed to init node with kubeadm', 'Command Output: I1204 loading configuration', 'I1204 kubelet', 'I1204 waiting', 'I1204 timed out'].join('\n');
    expect(lastLines(out(stderr), 2)).toEqual(['ERROR: failed to create cluster: failed to init node with kubeadm', 'Command Output: I1204 loading configuration']);
    // Beyond the last count * 4 lines, the Error line is too far back to be the cause: the last lines are said.
    const long = ['Error: early', ...Array.from({ length: 20 }, (_, i) => `line ${i}`)].join('\n');
    expect(lastLines(out(long), 2)).toEqual(['line 18', 'line 19']);
  });
  it('reads stdout when nothing was written to stderr, cuts long lines, and says nothing for no output', () => {
    expect(lastLines(out('', 'FAIL: TestInstall\n'), 3)).toEqual(['FAIL: TestInstall']);
    expect(lastLines(out('x'.repeat(1000)), 1)[0]).toHaveLength(300);
    expect(saidLast(out('\n \n', ''))).toBe('');
  });
  it('is what runCommand gives back of a failing command', async () => {
    const res = await runCommand('bash', ['-c', 'echo progress; echo "Error: it broke" >&2; exit 3'], { quiet: true });
    expect(res.failure).toBe('bash exited with code 3');
    expect(saidLast(res)).toBe(': Error: it broke');
  });
});

describe('runCommand with a timeout', () => {
  it('stops a command that hangs, and says it was stopped after how long', async () => {
    const res = await runCommand('sleep', ['30'], { quiet: true, timeoutMs: 300 });
    expect(res.ok).toBe(false);
    expect(res.failure).toBe('sleep did not finish within 300ms and was stopped');
    // A command that ends in time is not touched.
    expect((await runCommand('true', [], { timeoutMs: 5000 })).ok).toBe(true);
  });
  it('stops a command at the limit when a child it started holds its output open (a wrapper, a credential plugin)', { timeout: 30_000 }, async () => {
    const dir = scratchDir('command-child');
    const child = path.join(dir, 'child.pid');
    // The child inherits stderr (and stdout, here written to a file as the spec is): the run waited for it to end.
    const script = `sleep 60 > /dev/null & echo $! > '${child}'; wait $!`;
    try {
      for (const options of [{ quiet: true }, { stdoutFile: path.join(dir, 'out.txt') }]) {
        const res = await runCommand('sh', ['-c', script], { ...options, timeoutMs: 300 });
        expect(res.failure).toBe('sh did not finish within 300ms and was stopped');
        process.kill(Number(readFileSync(child, 'utf8')));
      }
    } finally {
      rmSync(child, { force: true });
    }
  });
});

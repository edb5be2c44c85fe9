// The hint said of a line whose audit event comes after a prefix: the prefix named by the tool that wrote it, never
// quoted (a token or a password before the object would be quoted with it), and the command that removes it.
import { describe, expect, it } from 'vitest';
import { prefixHint } from '../../src/engine/line-prefix.js';
import { AUDIT2RBAC_V1, readLines } from '../helpers/fixtures.js';

const SED = `before its first "{": a log line's prefix? Remove it first, e.g. sed 's/^[^{]*//'`;

describe('prefixHint', () => {
  const event = readLines(AUDIT2RBAC_V1)[0]!;
  it('names the prefixes of kubectl logs --prefix, grep -H and journalctl short-iso and short-precise, without quoting them', () => {
    const cases: Array<[string, string]> = [
      ['[pod/kube-apiserver-kind-control-plane/kube-apiserver] ', "kubectl logs --prefix's header ([pod/NAME/CONTAINER])"],
      ['/var/log/kubernetes/audit/audit.log.1:', "a file's name and a colon (grep -H)"],
      ['audit.log.gz:', "a file's name and a colon (grep -H)"],
      ['2026-12-06T10:00:00+0000 kind-control-plane kube-apiserver[812]: ', "journalctl's short-iso header (time host program[pid]:)"],
      ['Dec 06 10:00:00.123456 kind-control-plane kube-apiserver[812]: ', 'a syslog header (Mmm dd hh:mm:ss host program[pid]:)'],
    ];
    for (const [prefix, named] of cases) {
      const hint = prefixHint(prefix + event);
      expect(hint, prefix).toBe(`; a JSON object follows ${named} ${SED}`);
      expect(hint).not.toContain('kube-apiserver-kind');
      expect(hint).not.toContain('/var/log');
    }
  });

  it('says other text by its length only', () => {
    expect(prefixHint(`Authorization: Bearer PFXCANARYtoken123 ${event}`)).toBe(`; a JSON object follows 40 characters ${SED}`);
  });
});

// A file that cannot be opened for reading, whoever runs the tests. chmod 000 stops everyone but root, who reads
// through it (these tests run as root in containers); a write-only sysfs attribute refuses a read to anyone, root
// too (EACCES, as outputs.test.ts's sysfs refuses a new file), so for root the file is a link to one: a directory
// walk finds it as a file, and opening it fails.
import { chmodSync, closeSync, openSync, statSync, symlinkSync, writeFileSync } from 'node:fs';

const WRITE_ONLY = ['/sys/bus/cpu/drivers_probe', '/sys/bus/platform/drivers_probe', '/sys/bus/pci/rescan', '/sys/bus/pci/drivers_probe'];

function refusesRead(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    closeSync(openSync(file, 'r'));
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES';
  }
}

const root = process.getuid?.() === 0;
const attribute = root ? WRITE_ONLY.find(refusesRead) : undefined;

/** Whether makeUnreadable can make one here (root on a system without such sysfs attributes cannot). */
export const canMakeUnreadable = !root || attribute !== undefined;

/** Makes `file` a file that cannot be opened for reading (EACCES); `data` is what it holds, where it is a file. */
export function makeUnreadable(file: string, data: string): void {
  if (attribute !== undefined) {
    symlinkSync(attribute, file);
    return;
  }
  writeFileSync(file, data);
  chmodSync(file, 0o000);
}

// A file that cannot be opened for reading, whoever runs the tests. chmod 000 stops everyone but root, who reads
// through it (these tests run as root in containers); a write-only sysfs attribute refuses a read to anyone, root
// too (EACCES, as outputs.test.ts's sysfs refuses a new file), so for root the file is a link to one: a directory
// walk finds it as a file, and opening it fails.
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';

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

// A directory root cannot list either: another process's map_files, outside the user namespace a container's root is in.
const UNLISTABLE = ['/proc/1/map_files'];

function refusesListing(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    readdirSync(dir);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES';
  }
}

const listing = root ? UNLISTABLE.find(refusesListing) : undefined;

/** Whether makeUnlistable can make one here. */
export const canMakeUnlistable = !root || listing !== undefined;

/**
 * Makes `dir` a directory that cannot be listed (EACCES) and returns the code opening it to read gives: EACCES where
 * its mode stops the user; for root, a link to one that refuses listing, which opens and then cannot be read (EISDIR).
 */
export function makeUnlistable(dir: string): 'EACCES' | 'EISDIR' {
  if (listing !== undefined) {
    symlinkSync(listing, dir);
    return 'EISDIR';
  }
  mkdirSync(dir);
  chmodSync(dir, 0o000);
  return 'EACCES';
}

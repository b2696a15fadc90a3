import { execFile } from 'node:child_process'
import { closeSync, openSync, writeSync } from 'node:fs'
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Folders that cannot be written, and disks that fill up, for the data-folder conditions.
 *
 * Without privileges a folder made read-only with chmod does the job. Root ignores file modes,
 * so as root (CI containers, this machine) a small tmpfs is mounted instead: read-only for the
 * unwritable folder, tiny for the full disk. Where neither works, the condition is skipped and
 * says why.
 */

/** A folder in a state, and how to put it back. */
export type FolderCondition =
  | { readonly ok: true; readonly how: string; undo(): Promise<void> }
  | { readonly ok: false; readonly why: string }

async function canWrite(dir: string): Promise<boolean> {
  const probe = join(dir, '.probe')
  try {
    await writeFile(probe, 'x')
    await rm(probe, { force: true })
    return true
  } catch {
    return false
  }
}

async function mountTmpfs(dir: string, options: string): Promise<string | undefined> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir])
    return undefined
  } catch (error) {
    return (error as { stderr?: string }).stderr?.trim() || String(error)
  }
}

async function unmount(dir: string): Promise<void> {
  await run('umount', [dir]).catch(() => run('umount', ['-l', dir]).catch(() => undefined))
}

/** Makes `dir` (created if needed) unwritable for this process and its children. */
export async function makeUnwritable(dir: string): Promise<FolderCondition> {
  await mkdir(dir, { recursive: true })
  await chmod(dir, 0o555)
  if (!(await canWrite(dir))) {
    return { ok: true, how: 'a folder with mode 0555', undo: () => chmod(dir, 0o755) }
  }
  await chmod(dir, 0o755)
  const problem = await mountTmpfs(dir, 'ro,size=64k,mode=0755')
  if (problem !== undefined) {
    return { ok: false, why: `running as root and mount failed: ${problem}` }
  }
  return { ok: true, how: 'a read-only tmpfs (running as root)', undo: () => unmount(dir) }
}

/** Mounts a tmpfs of `sizeKb` at `dir`, so the disk can be filled on purpose. */
export async function mountSmallDisk(dir: string, sizeKb: number): Promise<FolderCondition> {
  await mkdir(dir, { recursive: true })
  const problem = await mountTmpfs(dir, `size=${sizeKb}k,mode=0755`)
  if (problem !== undefined) return { ok: false, why: `a tmpfs cannot be mounted: ${problem}` }
  return { ok: true, how: `a ${sizeKb} KB tmpfs`, undo: () => unmount(dir) }
}

/** Writes a file until the disk says ENOSPC; returns the bytes written. */
export function fillDisk(path: string): number {
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(4096, 0x78)
  let written = 0
  try {
    for (;;) written += writeSync(fd, block)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  return written
}

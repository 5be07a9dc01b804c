/**
 * What keeps a checkpoint from losing an export: it records the request it belongs to and the
 * output it was written to, and a resumed run checks both before it writes a byte; one process
 * at a time holds it (a lock file with the holder's pid, taken over when that process is gone).
 *
 * - The output: a regular file is named by device and inode, so `> file` (cut to nothing),
 *   `>> other-file` or a file shortened since are refused, not overwritten or cut back. To a pipe
 *   or a terminal nothing can be checked: the run says that the reader must keep what it wrote.
 * - The request: subcommand, filters or query, sort, page size, fields, format and API version.
 *   Resuming with another is refused: its lines would not belong in the same output.
 *
 * @module
 */
import { fstat, readFile, unlink, writeFile } from 'node:fs'
import { dirname } from 'node:path'
import { promisify } from 'node:util'
import type { ContactsSpec, ListCommand } from './args.js'
import type { Checkpoint, OutputRecord, RequestRecord } from './checkpoint.js'

/** A checkpoint that does not fit this run: what to say, and nothing is written. */
export interface Refusal {
  readonly refused: string
  /** A usage error (exit 2), not a checkpoint that does not fit (exit 7). */
  readonly usage?: true
}

/** The output behind `fd`: a regular file by identity, else a stream; a file's length too. */
export const outputOf = async (
  fd: number | undefined,
): Promise<{ readonly record: OutputRecord; readonly bytes?: number }> => {
  if (fd === undefined) return { record: { kind: 'stream' } }
  try {
    const s = await promisify(fstat)(fd)
    return s.isFile()
      ? { record: { kind: 'file', dev: s.dev, ino: s.ino }, bytes: s.size }
      : { record: { kind: 'stream' } }
  } catch {
    return { record: { kind: 'stream' } }
  }
}

const shown = (u: unknown): string => (u === undefined ? '(not given)' : JSON.stringify(u))

/** The first difference between the request a checkpoint saved and this run's, worded; undefined when none. */
export const requestDifference = (saved: RequestRecord, now: RequestRecord): string | undefined => {
  for (const key of [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort()) {
    const [a, b] = [shown(saved[key]), shown(now[key])]
    if (a !== b) return `${key} was ${a} there, ${b} here`
  }
  return undefined
}

/**
 * Whether this run may resume `saved` (written by the request and output it records) writing to
 * `output` for `request`: a refusal that says why and what to do, or undefined. Checkpoints saved
 * before outputs and requests were recorded are checked by length alone.
 */
export const checkResume = (
  file: string,
  saved: Checkpoint,
  request: RequestRecord,
  output: { readonly record: OutputRecord; readonly bytes?: number },
): Refusal | undefined => {
  const difference = saved.request === undefined ? undefined : requestDifference(saved.request, request)
  if (difference !== undefined)
    return {
      refused: `the checkpoint ${file} belongs to another request (${difference}); resume with the same flags, or give another checkpoint`,
    }
  const was = saved.output
  const now = output.record
  if (was?.kind === 'file' && now.kind !== 'file')
    return {
      refused: `the checkpoint ${file} was written with the output in a file, and this run writes to a pipe or terminal; append to that file (>> file)`,
    }
  if (was?.kind === 'stream' && now.kind === 'file')
    return {
      refused: `the checkpoint ${file} was written with the output to a pipe, and this run writes to a file that holds none of it; resume to a pipe whose reader kept the earlier lines, or give another checkpoint`,
    }
  if (was?.kind === 'file' && now.kind === 'file' && (was.dev !== now.dev || was.ino !== now.ino))
    return {
      refused: `the checkpoint ${file} belongs to another output file; append to the file the export began in (>> file), or give another checkpoint`,
    }
  const recorded = saved.outputBytes
  if (recorded !== undefined && output.bytes !== undefined && output.bytes < recorded)
    return {
      refused:
        `the output holds ${output.bytes} bytes, less than the ${recorded} the checkpoint ${file} saw written: it was cut ` +
        `(> instead of >>?) and the lines written before are gone; restore the file, or remove the checkpoint to export again`,
    }
  return undefined
}

/** The lock beside a checkpoint. */
export const lockFile = (checkpoint: string): string => `${checkpoint}.lock`

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'
  }
}

/**
 * Takes the checkpoint's lock: a file created exclusively, holding this process's pid. A lock
 * whose process is gone (killed with SIGKILL) is taken over. Resolves with its release, or a
 * refusal when another live process holds it or the checkpoint's folder does not exist.
 */
export const lockCheckpoint = async (checkpoint: string): Promise<(() => Promise<void>) | Refusal> => {
  const file = lockFile(checkpoint)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await promisify(writeFile)(file, `${process.pid}\n`, { flag: 'wx' })
      return () => promisify(unlink)(file).catch(() => undefined)
    } catch (e) {
      const code = (e as { code?: string }).code
      if (code === 'ENOENT')
        return { refused: `--checkpoint ${checkpoint}: the folder ${dirname(checkpoint)} does not exist`, usage: true }
      if (code !== 'EEXIST')
        return { refused: `--checkpoint ${checkpoint}: cannot create ${file} (${code ?? 'failed'})` }
    }
    const text = await promisify(readFile)(file, 'utf8').catch(() => '')
    // Created a moment ago and not yet written: its holder is starting.
    if (text === '' && attempt < 2) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      continue
    }
    const holder = Number.parseInt(text, 10)
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
      return {
        refused: `the checkpoint ${checkpoint} is in use by another intercom-users (pid ${holder}); wait for it to end, or give another checkpoint`,
      }
    // Its holder is gone (or the lock is torn): take it over.
    await promisify(unlink)(file).catch(() => undefined)
  }
  return { refused: `the checkpoint ${checkpoint} is being taken by another process; try again` }
}

/** What a run records as its request: every flag that decides which records it writes, and how. */
export const requestRecordOf = (
  command: ListCommand,
  contacts: Omit<ContactsSpec, 'queryFile'> | undefined,
): RequestRecord => ({
  subcommand: command.mode === 'contacts' ? 'contacts' : 'list',
  read: command.mode,
  follow: command.follow !== undefined,
  params: command.params,
  role: contacts?.role,
  query: contacts?.query,
  sort: contacts?.sort,
  fields: command.fields?.map((f) => f.name),
  format: command.format,
  apiVersion: command.apiVersion,
})

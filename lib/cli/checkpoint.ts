/**
 * `--checkpoint FILE`: where an export or a change stream stands, saved after each page (or
 * change) has left the process, and resumed from. Exactly once needs the output too: the
 * checkpoint records the output's length when the output is a regular file (`>> file`), and a
 * resumed run first cuts the file back to that length, so lines written after the last save (a
 * kill can land between a line and its checkpoint) are written again once, not twice, and a torn
 * last line disappears. To a pipe, a kill in that instant can repeat the lines of one page.
 *
 * A users export has no cursor that survives a process: List Users' pages shift as users are
 * created and deleted, and a Scroll API cursor expires. Its checkpoint keeps the ids written in
 * a sidecar, `FILE.ids` (one a line, appended after each page, its length saved in the
 * checkpoint), and a resumed run reads again and skips them (see `resume-users.ts`).
 *
 * @module
 */
import { appendFile, fstat, ftruncate, readFile, rename, stat, truncate, writeFile } from 'node:fs'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { ChangeWatermark } from '../index.js'
import { MAX_UNIX_SECONDS, validateExportPosition, type ExportPosition } from '../pages.js'

/** How a users export reads: List Users (`list`), the Scroll API (`scroll`) or both (`all`). */
export type UsersRead = 'list' | 'scroll' | 'all'

/** Where an export's lines went: a regular file (by device and inode), or a stream nobody can check. */
export type OutputRecord =
  { readonly kind: 'file'; readonly dev: number; readonly ino: number } | { readonly kind: 'stream' }

/** What a run was asked for, as its checkpoint records it: flag name to value (JSON). */
export type RequestRecord = Readonly<Record<string, unknown>>

/** What every checkpoint holds beside where it stands: the output's length, identity and the request. */
interface Written {
  readonly outputBytes?: number
  readonly output?: OutputRecord
  readonly request?: RequestRecord
}

/**
 * What a checkpoint holds: a sequential contacts export's cursor (absent before the first page,
 * null once complete), a parallel contacts export's position (absent before its first page), a
 * change stream's watermark, or a users export's last page written and the length of its sidecar
 * of ids.
 */
export type Checkpoint = Written &
  (
    | { readonly kind: 'export'; readonly startingAfter?: string | null }
    | { readonly kind: 'ranges'; readonly position?: ExportPosition; readonly complete: boolean }
    | { readonly kind: 'changes'; readonly watermark: ChangeWatermark }
    | {
        readonly kind: 'users'
        readonly read: UsersRead
        /** The last page written whole (List Users' page number; 0 before the first). */
        readonly page: number
        readonly complete: boolean
        /** The length of `FILE.ids` when this was saved. */
        readonly idsBytes: number
      }
  )

const READS: Readonly<Record<UsersRead, string>> = { list: 'a List Users', scroll: 'a --scroll', all: 'an --all' }

/** A contacts export's checkpoint read the other way: the parallel export's (the default) and --sequential's. */
const OTHER_EXPORT: Partial<Record<Checkpoint['kind'], { kind: string; what: string; how: string }>> = {
  ranges: { kind: 'export', what: 'a --sequential contacts export', how: 'with --sequential' },
  export: {
    kind: 'ranges',
    what: 'a parallel contacts export (the default)',
    how: 'without --sequential, --per-page or --follow',
  },
}

const isCount = (u: unknown): boolean => Number.isInteger(u) && (u as number) >= 0

const isOutput = (u: unknown): boolean => {
  const o = u as { kind?: unknown; dev?: unknown; ino?: unknown } | null
  return o !== null && (o.kind === 'stream' || (o.kind === 'file' && isCount(o.dev) && isCount(o.ino)))
}

/** Whether what a checkpoint says of its output and request has the shape this version writes. */
const isWritten = (c: Partial<Record<string, unknown>> | undefined): boolean => {
  const { outputBytes, output, request } = c ?? {}
  return (
    (outputBytes === undefined || isCount(outputBytes)) &&
    (output === undefined || isOutput(output)) &&
    (request === undefined || (typeof request === 'object' && request !== null && !Array.isArray(request)))
  )
}

const isWatermark = (u: unknown): u is ChangeWatermark => {
  const m = u as { updatedAt?: unknown; ids?: unknown } | null
  return (
    m !== null &&
    isCount(m.updatedAt) &&
    (m.updatedAt as number) <= MAX_UNIX_SECONDS &&
    Array.isArray(m.ids) &&
    m.ids.every((id) => typeof id === 'string')
  )
}

/**
 * The checkpoint in `file` for `kind` (and a users export's `read`), `undefined` when there is
 * none yet, or what is wrong with it.
 */
export const readCheckpoint = async (
  file: string,
  kind: Checkpoint['kind'],
  read?: UsersRead,
): Promise<Checkpoint | undefined | { readonly error: string }> => {
  let text: string
  try {
    text = await promisify(readFile)(file, 'utf8')
  } catch (e) {
    const code = (e as { code?: string }).code
    return code === 'ENOENT' ? undefined : { error: `cannot read the checkpoint ${file} (${code ?? 'unreadable'})` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const c = json as Partial<Record<string, unknown>> | undefined
  const okBytes = isWritten(c)
  if (kind === 'export' && c?.['kind'] === 'export' && okBytes) {
    const after = c['startingAfter']
    if (after === undefined || after === null || (typeof after === 'string' && after.length > 0))
      return json as Checkpoint
  }
  if (kind === 'ranges' && c?.['kind'] === 'ranges' && okBytes && typeof c['complete'] === 'boolean') {
    const position = c['position']
    if (position === undefined || E.isRight(validateExportPosition(position))) return json as Checkpoint
  }
  const other = OTHER_EXPORT[kind]
  if (other !== undefined && c?.['kind'] === other.kind && okBytes)
    return { error: `the checkpoint ${file} is of ${other.what}; resume it ${other.how}, or give another file` }
  if (kind === 'changes' && c?.['kind'] === 'changes' && okBytes && isWatermark(c['watermark']))
    return json as Checkpoint
  if (kind === 'users' && c?.['kind'] === 'users' && okBytes && isCount(c['page']) && isCount(c['idsBytes'])) {
    const saved = c['read'] as UsersRead
    if (saved === read && typeof c['complete'] === 'boolean') return json as Checkpoint
    if (read !== undefined && saved in READS)
      return {
        error: `the checkpoint ${file} is of ${READS[saved]} export; resume it the same way, or give another file`,
      }
  }
  const what =
    kind === 'export' || kind === 'ranges' ? 'a contacts export' : kind === 'users' ? 'a users export' : '--follow'
  return { error: `the checkpoint ${file} is not one of ${what}; remove it, or give another file` }
}

/** The sidecar of a users export's checkpoint: the ids written, one JSON string a line. */
export const idsFile = (checkpoint: string): string => `${checkpoint}.ids`

/**
 * The ids a users export wrote up to its checkpoint: the sidecar cut back to `bytes` (lines
 * appended after the save are dropped, to be written again) and read; or what is wrong with it.
 */
export const readWrittenIds = async (
  checkpoint: string,
  bytes: number,
): Promise<ReadonlyArray<string> | { readonly error: string }> => {
  const file = idsFile(checkpoint)
  let text: string
  try {
    await promisify(truncate)(file, bytes)
    text = await promisify(readFile)(file, 'utf8')
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'ENOENT' && bytes === 0) return []
    return { error: `cannot read ${file}, the ids the checkpoint says were written (${code ?? 'unreadable'})` }
  }
  const lines = text.length === 0 ? [] : text.slice(0, -1).split('\n')
  try {
    return lines.map((line) => {
      const id: unknown = JSON.parse(line)
      if (typeof id !== 'string') throw new TypeError('not an id')
      return id
    })
  } catch {
    return { error: `${file} is not a list of ids; remove it with the checkpoint to export again` }
  }
}

/** Appends ids to the sidecar; resolves with its new length, to save in the checkpoint. */
export const appendIds = async (checkpoint: string, ids: ReadonlyArray<string>): Promise<number> => {
  const file = idsFile(checkpoint)
  await promisify(appendFile)(file, ids.map((id) => `${JSON.stringify(id)}\n`).join(''))
  return (await promisify(stat)(file)).size
}
/** Saves atomically: a crash leaves the old file or the new one, never half of one. */
export const saveCheckpoint = async (file: string, checkpoint: Checkpoint): Promise<void> => {
  const temporary = `${file}.${process.pid}.tmp`
  await promisify(writeFile)(temporary, `${JSON.stringify(checkpoint)}\n`)
  await promisify(rename)(temporary, file)
}

/** The length of the output behind `fd` when it is a regular file, else undefined (a pipe, a terminal). */
export const outputBytes = async (fd: number | undefined): Promise<number | undefined> => {
  if (fd === undefined) return undefined
  try {
    const stats = await promisify(fstat)(fd)
    return stats.isFile() ? stats.size : undefined
  } catch {
    return undefined
  }
}

/** Cuts the output back to what the checkpoint saw, when it is a regular file that grew past it. */
export const rewindOutput = async (fd: number | undefined, checkpoint: Checkpoint | undefined): Promise<void> => {
  const saved = checkpoint?.outputBytes
  const now = await outputBytes(fd)
  if (fd === undefined || saved === undefined || now === undefined || now <= saved) return
  await promisify(ftruncate)(fd, saved)
}

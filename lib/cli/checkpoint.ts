/**
 * `--checkpoint FILE`: where a contacts export or a change stream stands, saved after each page
 * (or change) has left the process, and resumed from. Exactly once needs the output too: the
 * checkpoint records the output's length when the output is a regular file (`>> file`), and a
 * resumed run first cuts the file back to that length, so lines written after the last save (a
 * kill can land between a line and its checkpoint) are written again once, not twice, and a torn
 * last line disappears. To a pipe, a kill in that instant can repeat the lines of one page.
 *
 * @module
 */
import { fstat, ftruncate, readFile, rename, writeFile } from 'node:fs'
import { promisify } from 'node:util'
import type { ChangeWatermark } from '../paginate/changes.js'

/** What a checkpoint holds: an export's cursor (null once complete), or a change stream's watermark. */
export type Checkpoint =
  | { readonly kind: 'export'; readonly startingAfter: string | null; readonly outputBytes?: number }
  | { readonly kind: 'changes'; readonly watermark: ChangeWatermark; readonly outputBytes?: number }

const isWatermark = (u: unknown): u is ChangeWatermark => {
  const m = u as { updatedAt?: unknown; ids?: unknown } | null
  return (
    m !== null && Number.isInteger(m.updatedAt) && Array.isArray(m.ids) && m.ids.every((id) => typeof id === 'string')
  )
}

/** The checkpoint in `file` for `kind`, `undefined` when there is none yet, or what is wrong with it. */
export const readCheckpoint = async (
  file: string,
  kind: Checkpoint['kind'],
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
  const bytes = c?.['outputBytes']
  const okBytes = bytes === undefined || (Number.isInteger(bytes) && (bytes as number) >= 0)
  if (kind === 'export' && c?.['kind'] === 'export' && okBytes) {
    const after = c['startingAfter']
    if (after === null || (typeof after === 'string' && after.length > 0)) return json as Checkpoint
  }
  if (kind === 'changes' && c?.['kind'] === 'changes' && okBytes && isWatermark(c['watermark']))
    return json as Checkpoint
  const what = kind === 'export' ? 'an export' : '--follow'
  return { error: `the checkpoint ${file} is not one of ${what}; remove it, or give another file` }
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

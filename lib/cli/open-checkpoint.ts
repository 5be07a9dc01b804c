/**
 * A run's checkpoint opened for writing: checked against the request and the output it records,
 * the output cut back to what it saw written, and a first save where a new export starts.
 *
 * @module
 */
import type { ChangeOptions } from '../index.js'
import { outputBytes, rewindOutput, type Checkpoint, type RequestRecord, type UsersRead } from './checkpoint.js'
import { checkpointSaver } from './checkpoint-saver.js'
import { checkResume, outputOf, type Refusal } from './checkpoint-guard.js'

/** Where a run starts, as `startingPoint` read it. */
export interface Start {
  readonly saved: Checkpoint | undefined
  readonly changes: ChangeOptions | undefined
  readonly kind: Checkpoint['kind']
  readonly read: UsersRead | undefined
}

/** The first checkpoint of a new export: before its first page. */
const firstOf = ({ kind, read, changes }: Start): Checkpoint | undefined =>
  kind === 'users'
    ? { kind, read: read ?? 'list', page: 0, complete: false, idsBytes: 0 }
    : kind === 'export'
      ? { kind }
      : kind === 'ranges'
        ? { kind, complete: false }
        : typeof changes?.since === 'number'
          ? { kind, watermark: { updatedAt: changes.since, ids: [] } }
          : undefined

/**
 * Opens `file` (held by this process) for a run writing to `fd`: a refusal that leaves the output
 * and the checkpoint as they are, or the saver and, when the output cannot be checked, a note to say.
 */
export const openCheckpoint = async (
  file: string | undefined,
  start: Start,
  request: RequestRecord,
  fd: number | undefined,
): Promise<Refusal | (ReturnType<typeof checkpointSaver> & { readonly note?: string })> => {
  const output = await outputOf(fd)
  const { saved } = start
  if (file !== undefined && saved !== undefined) {
    const refusal = checkResume(file, saved, request, output)
    if (refusal !== undefined) return refusal
  }
  // Lines written after the last save are cut, to be written again once.
  await rewindOutput(fd, saved)
  const saver = checkpointSaver(await outputBytes(fd), saved, { output: output.record, request })
  // A first run saves where it starts, so a kill before its first page is resumed without doubling the output.
  const first = firstOf(start)
  if (file !== undefined && saved === undefined && first !== undefined) await saver.persist(file, first, [], 0)
  const resumedToStream = file !== undefined && saved !== undefined && output.record.kind === 'stream'
  return resumedToStream
    ? {
        ...saver,
        note: 'intercom-users: resuming to a pipe or terminal, which the checkpoint cannot check: its reader must keep what the earlier run wrote; this run writes the rest.',
      }
    : saver
}

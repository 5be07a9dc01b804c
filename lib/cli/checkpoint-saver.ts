/**
 * Saving a run's checkpoint as records leave the process. A change stream's checkpoint is saved
 * at most every {@link CHANGES_SAVE_MS} (and at the end): the watermark of a crowded second holds
 * every id of that second, so a save a line would cost O(n) a line, O(n²) a second of 10,000
 * changes. A kill between two saves loses nothing: the output is cut back to the saved length
 * and those lines are written again once.
 *
 * @module
 */
import { appendIds, saveCheckpoint, type Checkpoint, type OutputRecord, type RequestRecord } from './checkpoint.js'

/** The longest a change stream's progress waits to be saved. */
export const CHANGES_SAVE_MS = 200

/**
 * Saves where the output stands once records have left the process (a regular file's length, from
 * `start` on, counted by the bytes `written` each time): the ids too, in the sidecar, for a users
 * export, and the output and request it belongs to (`stamp`).
 * `flush` saves what waits; `last` is the checkpoint saved last.
 */
export const checkpointSaver = (
  start: number | undefined,
  saved: Checkpoint | undefined,
  stamp: { readonly output: OutputRecord; readonly request: RequestRecord },
  clock: () => number = Date.now,
) => {
  let lastSaved: Checkpoint | undefined = saved
  // Where the output stands, counted: this run is its only writer (NDJSON, appended).
  let position = start
  let pending: { readonly file: string; readonly checkpoint: Checkpoint } | undefined
  let savedAt = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | undefined
  // One save at a time: two would share the temporary file.
  let saving: Promise<void> = Promise.resolve()
  const save = (file: string, checkpoint: Checkpoint): Promise<void> => {
    pending = undefined
    savedAt = clock()
    lastSaved = checkpoint
    saving = saving.then(() => saveCheckpoint(file, checkpoint))
    return saving
  }
  const flush = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (pending !== undefined) await save(pending.file, pending.checkpoint)
    await saving
  }
  const persist = async (
    file: string,
    mark: Checkpoint,
    users: ReadonlyArray<{ readonly id: unknown }>,
    written: number,
  ): Promise<void> => {
    if (position !== undefined) position += written
    const bytes = position
    const sidecar =
      mark.kind === 'users'
        ? {
            idsBytes: await appendIds(
              file,
              users.map((u) => String(u.id)),
            ),
          }
        : {}
    const checkpoint = { ...mark, ...sidecar, ...stamp, ...(bytes === undefined ? {} : { outputBytes: bytes }) }
    if (mark.kind !== 'changes' || clock() - savedAt >= CHANGES_SAVE_MS) return save(file, checkpoint)
    pending = { file, checkpoint }
    timer ??= setTimeout(() => {
      timer = undefined
      void flush()
    }, CHANGES_SAVE_MS)
  }
  return { persist, flush, last: (): Checkpoint | undefined => lastSaved }
}

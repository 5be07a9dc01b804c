/**
 * Writing to the output: waiting until a write has left the process, or until a slow reader
 * has drained it, and never past an interrupt.
 *
 * @module
 */
import type { Writable } from 'node:stream'

/** Writes and waits until the text has left the process (the stream's callback), so a crash cannot lose it. */
export const flushed = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    if (text === '') return resolve()
    stream.write(text, (e) => (e === null || e === undefined ? resolve() : reject(e)))
  })

/**
 * Writes and waits for the stream to drain, so a slow reader is not buried in buffered lines;
 * an interrupt (`signal`) ends the wait.
 */
export const written = (stream: Writable, text: string, signal: AbortSignal | undefined): Promise<void> =>
  text === '' || stream.write(text)
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        const done = (): void => {
          stream.off('drain', done)
          signal?.removeEventListener('abort', done)
          resolve()
        }
        stream.once('drain', done)
        signal?.addEventListener('abort', done, { once: true })
      })

/** Where the listing writes, and what it knows of its surroundings. */
export interface ListIo {
  readonly stdout: Writable & { readonly isTTY?: boolean }
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number }
  readonly env: Readonly<Record<string, string | undefined>>
  /** The clock, for the summary's seconds. */
  readonly now?: () => number
  /** Aborted (by Ctrl-C): stop sending, write the whole records already read, end the output. */
  readonly signal?: AbortSignal
}

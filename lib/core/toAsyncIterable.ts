/**
 * `for await` over the library's streams, pulled: the next page is requested only when the
 * loop asks for more than is in hand (with `prefetch` pages read ahead), so a slow loop body
 * never lets pages pile up in memory.
 *
 * @module
 */
import type { Observable } from 'rxjs'
import { chunksOf, isPullable, PullableObservable } from './observe.js'

/** How far to read ahead of the loop. */
export interface AsyncIterableOptions {
  /** Pages fetched ahead of what the loop has taken (default 1: the next page loads while the loop works; 0: none). */
  readonly prefetch?: number
  /**
   * Aborting it ends the loop: the request in flight is aborted and the loop's pending `next()`
   * rejects with the signal's reason (as `fetch` does), so a loop can be stopped while it waits.
   */
  readonly signal?: AbortSignal
}

/**
 * An async iterable of a stream's values, reading `prefetch` pages ahead. The library's streams
 * are async-iterable themselves (one page read ahead); this picks another read-ahead. On them
 * (`listUsers`, `listUserPages`, `scrollUsers`, `scrollUserPages`, `allUsers`) it pulls, so the pages in memory are at most
 * `1 + prefetch`; on another Observable it buffers what arrives while the loop is busy.
 * Leaving the loop (`break`, `return`, an exception) unsubscribes and aborts what is in flight.
 *
 * @example
 * ```ts
 * for await (const user of toAsyncIterable(listUsers(client))) await db.save(user)
 * ```
 */
export const toAsyncIterable = <T>(source: Observable<T>, options: AsyncIterableOptions = {}): AsyncIterable<T> => ({
  [Symbol.asyncIterator]: (): AsyncIterator<T> =>
    (isPullable(source) ? source : new PullableObservable(chunksOf(source))).iterate(
      options.prefetch ?? 1,
      options.signal,
    ),
})

/**
 * `for await` over the library's streams, pulled: the next page is requested only when the
 * loop asks for more than is in hand (with `prefetch` pages read ahead), so a slow loop body
 * never lets pages pile up in memory.
 *
 * @module
 */
import { Subject, type Observable, type Subscription } from 'rxjs'
import { isPullable } from './paginate/pullable.js'

/** How far to read ahead of the loop. */
export interface AsyncIterableOptions {
  /** Pages fetched ahead of what the loop has taken (default 1: the next page loads while the loop works). */
  readonly prefetch?: number
}

/**
 * An async iterable of a stream's values. On the library's streams (`listUsers`,
 * `listUserPages`, `scrollUsers`, `scrollPages`) it pulls, so the pages in memory are at most
 * `1 + prefetch`; on another Observable it buffers what arrives while the loop is busy.
 * Leaving the loop (`break`, `return`, an exception) unsubscribes and aborts what is in flight.
 *
 * @example
 * for await (const user of toAsyncIterable(listUsers(client))) await db.save(user)
 */
export const toAsyncIterable = <T>(source: Observable<T>, options: AsyncIterableOptions = {}): AsyncIterable<T> => ({
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const values: T[] = []
    const waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = []
    const demand = new Subject<number>()
    let failure: { error: unknown } | undefined
    let done = false
    let subscription: Subscription | undefined
    const settle = (): void => {
      while (waiting.length > 0) {
        if (values.length > 0) {
          waiting.shift()?.resolve({ value: values.shift() as T, done: false })
        } else if (failure !== undefined) {
          waiting.shift()?.reject(failure.error)
        } else if (done) {
          waiting.shift()?.resolve({ value: undefined, done: true })
        } else {
          return
        }
      }
    }
    const start = (): void => {
      if (subscription !== undefined) return
      const stream = isPullable(source) ? source.pull(demand, options.prefetch ?? 1) : source
      subscription = stream.subscribe({
        next: (value) => {
          values.push(value)
          settle()
        },
        error: (error: unknown) => {
          failure = { error }
          settle()
        },
        complete: () => {
          done = true
          settle()
        },
      })
    }
    return {
      next: () =>
        new Promise<IteratorResult<T>>((resolve, reject) => {
          waiting.push({ resolve, reject })
          start()
          if (values.length === 0 && !done && failure === undefined) demand.next(1)
          settle()
        }),
      return: () => {
        subscription?.unsubscribe()
        done = true
        values.length = 0
        settle()
        return Promise.resolve({ value: undefined, done: true })
      },
    }
  },
})

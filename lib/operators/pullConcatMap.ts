import { concatMap, from, type ObservableInput, type OperatorFunction } from 'rxjs'
import { chunksOf, isPullable, PullableObservable } from '../core/observe.js'

/**
 * `concatMap` with backpressure: the next value is pulled from the library's stream only when
 * your work on the previous one (an Observable or Promise) completes, with at most `prefetch`
 * pages read ahead. A plain `concatMap` on a pushed stream buffers every page Intercom sends
 * while your work runs; this one keeps memory bounded however slow the work. On a stream that
 * cannot be pulled (one you built with other operators) it is a plain `concatMap`; on one that
 * can, what it returns can be pulled too.
 *
 * ```
 * pages (pulled):   a-------b-------c|        a page is fetched when the one before is done
 * work:             [save a][save b][save c]
 * result:           --------A-------B-------(C|)
 * ```
 *
 * @example
 * ```ts
 * listUserPages(client).pipe(pullConcatMap((page) => db.insert(page.users), { prefetch: 1 }))
 * ```
 *
 * @param work What to do with each value; its completion pulls the next.
 * @param options `prefetch`: pages fetched ahead of the work (default 0).
 * @returns An operator emitting the work's results, in order.
 */
export const pullConcatMap =
  <T, R>(
    work: (value: T, index: number) => ObservableInput<R>,
    options: { readonly prefetch?: number } = {},
  ): OperatorFunction<T, R> =>
  (source) =>
    isPullable(source)
      ? new PullableObservable<R>(async function* (signal) {
          let index = 0
          const values = { [Symbol.asyncIterator]: () => source.iterate(options.prefetch ?? 0, signal) }
          for await (const value of values) yield* chunksOf(from(work(value, index++)))(signal)
        })
      : source.pipe(concatMap(work))

import { concatMap, from, Observable, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs'
import { isPullable } from '../paginate/pullable.js'

/**
 * `concatMap` with backpressure: the next value is pulled from the library's stream only when
 * your work on the previous one (an Observable or Promise) completes, with at most `prefetch`
 * pages read ahead. A plain `concatMap` on a pushed stream buffers every page Intercom sends
 * while your work runs; this one keeps memory bounded however slow the work. On a stream that
 * cannot be pulled (one you built with other operators) it is a plain `concatMap`.
 *
 * ```
 * pages (pulled):   a-------b-------c|        a page is fetched when the one before is done
 * work:             [save a][save b][save c]
 * result:           --------A-------B-------(C|)
 * ```
 *
 * @example
 * listUserPages(client).pipe(pullConcatMap((page) => db.insert(page.users), { prefetch: 1 }))
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
  (source) => {
    if (!isPullable(source)) return source.pipe(concatMap(work))
    return new Observable<R>((subscriber) => {
      const values = source.iterate(options.prefetch ?? 0)
      let inner: Subscription | undefined
      const run = async (): Promise<void> => {
        for (let index = 0; !subscriber.closed; index++) {
          const step = await values.next()
          if (subscriber.closed) return
          if (step.done === true) return subscriber.complete()
          await new Promise<void>((resolve, reject) => {
            inner = from(work(step.value, index)).subscribe({
              next: (r) => subscriber.next(r),
              error: reject,
              complete: resolve,
            })
          })
        }
      }
      run().catch((e: unknown) => subscriber.error(e))
      return () => {
        inner?.unsubscribe()
        void values.return?.()
      }
    })
  }

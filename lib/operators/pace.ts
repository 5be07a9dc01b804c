import {
  asyncScheduler,
  concatMap,
  defer,
  map,
  of,
  timer,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
} from 'rxjs'
import { invalidParams } from '../core/validate.js'

/** The pace: at most `count` values in any `perMs` milliseconds. */
export interface PaceOptions {
  /** The most values let through in any window of `perMs` (a positive integer). */
  readonly count: number
  /** The window, in milliseconds (positive). */
  readonly perMs: number
  /** The scheduler for the delays (default `asyncScheduler`; a `TestScheduler` in marble tests). */
  readonly scheduler?: SchedulerLike
}

/**
 * Paces a stream: at most `count` values in any window of `perMs`, in order, delaying values
 * and never dropping one (unlike RxJS's `throttle`, which drops: hence another name). For callers who protect a
 * resource of their own, such as a database, from a burst of users or pages. Requests to
 * Intercom are already paced by the client's rate limiter; this is for what you do with them.
 * Values wait in order in the operator, so pair it with a lazy source.
 *
 * ```
 * source:                               (abcd|)
 * pace({ count: 2, perMs: 10 }):        (ab) 6ms (cd|)
 * ```
 *
 * @example
 * ```ts
 * listUserPages(client).pipe(pace({ count: 5, perMs: 1_000 }), concatMap(savePage))
 * ```
 *
 * @param options `count` values per `perMs` milliseconds.
 * @returns An operator that delays values to keep the pace.
 */
export const pace = <T>(options: PaceOptions): MonoTypeOperatorFunction<T> => {
  const { count, perMs } = options
  if (!(Number.isInteger(count) && count >= 1) || !(perMs > 0)) {
    throw invalidParams(
      'options',
      `pace needs count an integer >= 1 and perMs > 0, got ${JSON.stringify({ count, perMs })}`,
    )
  }
  const scheduler = options.scheduler ?? asyncScheduler
  return (source) =>
    defer(() => {
      // When each of the last `count` values went out.
      const sent: number[] = []
      const admit = <V>(value: V): V => {
        const now = scheduler.now()
        while (sent.length > 0 && (sent[0] ?? 0) <= now - perMs) sent.shift()
        sent.push(now)
        return value
      }
      return source.pipe(
        concatMap((value) => {
          const now = scheduler.now()
          while (sent.length > 0 && (sent[0] ?? 0) <= now - perMs) sent.shift()
          if (sent.length < count) return of(admit(value))
          return timer((sent[0] ?? now) + perMs - now, scheduler).pipe(map(() => admit(value)))
        }),
      )
    })
}

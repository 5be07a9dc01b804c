/**
 * Runs `count` tasks with at most `concurrency` in flight and emits their results in task
 * order. A task starts only while fewer than `concurrency` results are waiting to be emitted,
 * so a slow task never lets finished results pile up beyond that bound.
 *
 * Pulled (given `demand$`), a result is emitted only when asked for, and tasks run only for
 * what is asked plus `prefetch` ahead (still at most `concurrency` at once).
 *
 * @module
 */
import { Observable, type Subscription } from 'rxjs'

/** Demand for a pulled run: each number asks for that many more results. */
export interface OrderedDemand {
  readonly demand$: Observable<number>
  readonly prefetch: number
}

export const orderedParallel = <R>(
  count: number,
  concurrency: number,
  task: (index: number) => Observable<R>,
  pulled?: OrderedDemand,
): Observable<R> =>
  new Observable<R>((subscriber) => {
    const results = new Map<number, R>()
    const running = new Map<number, Subscription>()
    let launched = 0
    let emitted = 0
    let credits = pulled === undefined ? Number.POSITIVE_INFINITY : 0
    const prefetch = pulled?.prefetch ?? 0
    const flush = (): void => {
      while (credits > 0 && results.has(emitted) && !subscriber.closed) {
        const result = results.get(emitted) as R
        results.delete(emitted)
        emitted += 1
        credits -= 1
        subscriber.next(result)
      }
    }
    const pump = (): void => {
      while (
        !subscriber.closed &&
        launched < count &&
        launched < emitted + concurrency &&
        launched < emitted + credits + prefetch
      ) {
        const index = launched
        launched += 1
        let done = false
        const subscription = task(index).subscribe({
          next: (r) => results.set(index, r),
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            done = true
            running.delete(index)
            flush()
            pump()
          },
        })
        if (!done) running.set(index, subscription)
      }
      if (emitted === count && !subscriber.closed) subscriber.complete()
    }
    const demand = pulled?.demand$.subscribe((n) => {
      credits += n
      flush()
      pump()
    })
    pump()
    return () => {
      demand?.unsubscribe()
      for (const subscription of running.values()) subscription.unsubscribe()
    }
  })

/**
 * Runs `count` tasks with at most `concurrency` in flight and emits their results in task
 * order. A task starts only while fewer than `concurrency` results are waiting to be emitted,
 * so a slow task never lets finished results pile up beyond that bound.
 *
 * @module
 */
import { Observable, type Subscription } from 'rxjs'

export const orderedParallel = <R>(
  count: number,
  concurrency: number,
  task: (index: number) => Observable<R>,
): Observable<R> =>
  new Observable<R>((subscriber) => {
    const results = new Map<number, R>()
    const running = new Map<number, Subscription>()
    let launched = 0
    let emitted = 0
    const flush = (): void => {
      while (results.has(emitted) && !subscriber.closed) {
        const result = results.get(emitted) as R
        results.delete(emitted)
        emitted += 1
        subscriber.next(result)
      }
    }
    const pump = (): void => {
      while (!subscriber.closed && launched < count && launched < emitted + concurrency) {
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
    pump()
    return () => {
      for (const subscription of running.values()) subscription.unsubscribe()
    }
  })

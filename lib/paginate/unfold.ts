/**
 * A pull-based unfold: fetch a step, emit what it gave, and fetch the next step only once
 * the emission has returned and the subscriber is still there. Unlike RxJS's `expand`, a
 * consumer that stops (`take`, `takeWhile`, `first`) during an emission causes no further
 * request; the subscription chain does not deepen with the number of steps.
 *
 * @module
 */
import { Observable, type Subscription } from 'rxjs'

/** What one step gives: a value to emit and, if there is one, the state of the next step. */
export interface Step<S, A> {
  readonly value: A
  readonly next: S | undefined
}

/**
 * Emits the value of each step, starting from `seed`, until a step has no `next`.
 * `fetch` is subscribed once a step, lazily: nothing happens before subscribe.
 */
export const unfold = <S, A>(seed: S, fetch: (state: S) => Observable<Step<S, A>>): Observable<A> =>
  new Observable<A>((subscriber) => {
    let current: Subscription | undefined
    let pending: S | undefined = seed
    let running = false
    // A trampoline: a fetch that answers synchronously continues the loop here instead of
    // recursing, so the stack stays flat whatever the number of steps.
    const loop = (): void => {
      if (running) return
      running = true
      while (pending !== undefined && !subscriber.closed) {
        const state: S = pending
        pending = undefined
        let stepped = false
        let answered = false
        current = fetch(state).subscribe({
          next: (step) => {
            stepped = true
            subscriber.next(step.value)
            if (step.next === undefined) subscriber.complete()
            else pending = step.next
            if (answered && pending !== undefined) {
              // An asynchronous answer: resume the loop from here.
              running = false
              loop()
            }
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            if (!stepped && !subscriber.closed) subscriber.complete()
          },
        })
        answered = true
        if (!stepped) break
      }
      running = false
    }
    loop()
    return () => current?.unsubscribe()
  })

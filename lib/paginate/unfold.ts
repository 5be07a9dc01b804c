/**
 * A pull-based unfold: fetch a step, emit what it gave, and fetch the next step only when it
 * is wanted: when the emission has returned and the subscriber is still there (pushed), or when
 * demand asks for more (pulled, with up to `prefetch` steps fetched ahead). Unlike RxJS's
 * `expand`, a consumer that stops (`take`, `takeWhile`, `first`) during an emission causes no
 * further request; the subscription chain does not deepen with the number of steps.
 *
 * @module
 */
import { Observable, type Subscription } from 'rxjs'
import { PullableObservable, type Pull } from './pullable.js'

/** What one step gives: a value to emit (none for a step that only moves on) and the next state. */
export interface Step<S, A> {
  readonly value: A | undefined
  readonly next: S | undefined
}

const pulled =
  <S, A>(seed: S, fetch: (state: S) => Observable<Step<S, A>>): Pull<A> =>
  (demand$, prefetch) =>
    new Observable<A>((subscriber) => {
      const buffer: A[] = []
      let credits = 0
      let pending: S | undefined = seed
      let fetching = false
      let current: Subscription | undefined
      let looping = false

      const wanted = (): boolean =>
        !subscriber.closed && pending !== undefined && !fetching && buffer.length < credits + prefetch

      const drain = (): void => {
        while (credits > 0 && buffer.length > 0 && !subscriber.closed) {
          credits -= 1
          subscriber.next(buffer.shift() as A)
        }
        if (pending === undefined && !fetching && buffer.length === 0) subscriber.complete()
      }

      // A trampoline: a fetch that answers synchronously continues the loop here instead of
      // recursing, so the stack stays flat whatever the number of steps.
      const loop = (): void => {
        if (looping) return
        looping = true
        while (wanted()) {
          const state = pending as S
          pending = undefined
          fetching = true
          let answered = false
          let stepped = false
          current = fetch(state).subscribe({
            next: (step) => {
              stepped = true
              fetching = false
              pending = step.next
              if (step.value !== undefined) buffer.push(step.value)
              drain()
              if (answered) {
                looping = false
                loop()
              }
            },
            error: (e: unknown) => subscriber.error(e),
            complete: () => {
              // A step that completes without giving a step ends the unfold.
              if (stepped) return
              fetching = false
              pending = undefined
              drain()
            },
          })
          answered = true
          if (fetching) break
        }
        looping = false
      }

      const demand = demand$.subscribe((n) => {
        credits += n
        drain()
        loop()
      })
      return () => {
        demand.unsubscribe()
        current?.unsubscribe()
      }
    })

/**
 * Emits the value of each step, starting from `seed`, until a step has no `next`. `fetch` is
 * subscribed once a step, lazily: nothing happens before subscribe (or before demand, pulled).
 */
export const unfold = <S, A>(seed: S, fetch: (state: S) => Observable<Step<S, A>>): PullableObservable<A> =>
  new PullableObservable(pulled(seed, fetch))

/**
 * Pull, for slow consumers. A plain Observable pushes: a consumer that saves each page to a
 * database with `concatMap` gets every page as fast as Intercom answers, and `concatMap`
 * buffers them all. A {@link PullableObservable} is an Observable as usual (subscribe and it
 * pushes), and also `pull(demand$, prefetch)`: it then emits only what `demand$` asked for,
 * and fetches at most `prefetch` pages beyond that. `toAsyncIterable` and `pullConcatMap` use it.
 *
 * @module
 */
import { concat, defer, map, mergeMap, Observable, of, Subject, tap, type Subscription } from 'rxjs'

/** How a pulled stream is driven: each number `demand$` emits asks for that many more values. */
export type Pull<T> = (demand$: Observable<number>, prefetch: number) => Observable<T>

/** Every value at once: the push behaviour of a plain subscribe. */
export const UNLIMITED: Observable<number> = new Observable<number>((subscriber) => {
  subscriber.next(Number.POSITIVE_INFINITY)
})

/**
 * An async iterator over a stream that is pulled by what the loop asks for: `stream` gets the
 * demand (one value each time the loop wants more than is in hand). Leaving the loop
 * unsubscribes, which aborts what is in flight.
 */
export const pulledIterator = <T>(stream: (demand$: Observable<number>) => Observable<T>): AsyncIterator<T> => {
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
    subscription = stream(demand).subscribe({
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
}

/**
 * An Observable that can also be pulled. Subscribing pushes, as any Observable does;
 * `for await (const user of listUsers(client))` pulls, with one page read ahead.
 */
export class PullableObservable<T> extends Observable<T> implements AsyncIterable<T> {
  readonly #pull: Pull<T>

  /** `push`, when given, is what a plain subscribe gets (for example pages fetched in parallel). */
  constructor(pull: Pull<T>, push?: () => Observable<T>) {
    super((subscriber) => (push === undefined ? pull(UNLIMITED, 0) : push()).subscribe(subscriber))
    this.#pull = pull
  }

  /** The values, as `demand$` asks for them, fetching at most `prefetch` pages ahead. */
  pull(demand$: Observable<number>, prefetch = 0): Observable<T> {
    return this.#pull(demand$, prefetch)
  }

  /**
   * `for await`: the next page is requested when the loop asks for more than is in hand, with
   * one page read ahead (`toAsyncIterable` picks another read-ahead). Leaving the loop (`break`,
   * `return`, an exception) aborts what is in flight.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return pulledIterator((demand$) => this.pull(demand$, 1))
  }
}

/** Whether `source` can be pulled. */
export const isPullable = <T>(source: Observable<T>): source is PullableObservable<T> =>
  source instanceof PullableObservable

/**
 * Items of pulled pages, pulled one item at a time: a page is asked for only when the items of
 * the previous one are all taken and more are wanted (`prefetch` pages may be read ahead).
 */
export const flattenPulled = <P, T>(
  pages: PullableObservable<P>,
  itemsOf: (page: P) => ReadonlyArray<T>,
): PullableObservable<T> =>
  new PullableObservable<T>(
    (demand$, prefetch) =>
      new Observable<T>((subscriber) => {
        const buffer: T[] = []
        let credits = 0
        let pageAsked = false
        let pagesDone = false
        const pageDemand = new Observable<number>((demandSubscriber) => {
          askPage = () => demandSubscriber.next(1)
        })
        let askPage: () => void = () => undefined
        const drain = (): void => {
          while (credits > 0 && buffer.length > 0 && !subscriber.closed) {
            credits -= 1
            subscriber.next(buffer.shift() as T)
          }
          if (pagesDone && buffer.length === 0) subscriber.complete()
          else if (credits > 0 && buffer.length === 0 && !pageAsked && !subscriber.closed) {
            pageAsked = true
            askPage()
          }
        }
        const pagesSubscription: Subscription = pages.pull(pageDemand, prefetch).subscribe({
          next: (page) => {
            pageAsked = false
            buffer.push(...itemsOf(page))
            drain()
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            pagesDone = true
            drain()
          },
        })
        const demandSubscription = demand$.subscribe((n) => {
          credits += n
          drain()
        })
        return () => {
          demandSubscription.unsubscribe()
          pagesSubscription.unsubscribe()
        }
      }),
    // Pushed, the pages are pushed too (in parallel when they are), their items flattened.
    () => pages.pipe(mergeMap((page) => itemsOf(page))),
  )

/** A demand for one phase of a stream read in phases; see {@link withDemandLedger}. */
export interface DemandLedger {
  /** What was asked and not yet delivered, then whatever is asked next. */
  readonly demand: () => Observable<number>
}

/**
 * One consumer's demand shared by the phases of a stream read one after another (the first
 * page, then the pages after it; List Users, then the Scroll API). The ledger listens to
 * `demand$` from the start, so demand that arrives between phases is not lost; each phase
 * pulls with `ledger.demand()`, and every value `build`'s stream emits counts as delivered.
 */
export const withDemandLedger = <T>(
  demand$: Observable<number>,
  build: (ledger: DemandLedger) => Observable<T>,
): Observable<T> =>
  new Observable<T>((subscriber) => {
    let owed = 0
    const more = new Subject<number>()
    const ledger: DemandLedger = { demand: () => defer(() => (owed > 0 ? concat(of(owed), more) : more)) }
    const output = build(ledger)
      .pipe(tap(() => (owed -= 1)))
      .subscribe(subscriber)
    const input = demand$.subscribe((n) => {
      owed += n
      more.next(n)
    })
    return () => {
      input.unsubscribe()
      output.unsubscribe()
    }
  })

/** `map` that keeps a stream pullable: pulled, it pulls the source; pushed, it maps the push. */
export const mapPulled = <A, B>(source: PullableObservable<A>, f: (a: A) => B): PullableObservable<B> =>
  new PullableObservable<B>(
    (demand$, prefetch) => source.pull(demand$, prefetch).pipe(map(f)),
    () => source.pipe(map(f)),
  )

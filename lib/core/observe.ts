/**
 * The one adapter between the page engines and the public Observables. An engine is an async
 * generator of pages that takes an `AbortSignal`: it reads a page when it is asked for the next
 * one, and nothing else. A {@link PullableObservable} runs it: subscribing starts it and asks
 * for the next page each time the last one was emitted and the subscriber is still there;
 * `for await` asks as the loop takes values, one page ahead. Unsubscribing, or leaving the
 * loop, aborts the signal, so the request in flight is cancelled even while the engine is
 * waiting for it, and no timer or socket outlives the stream.
 *
 * @module
 */
import { Observable, type Subscriber } from 'rxjs'
import { onAbort } from '../transport/abort.js'

/** A stream's values in chunks (a page, or a page's users), read through `signal`. */
export type Chunks<T> = (signal: AbortSignal) => AsyncIterable<ReadonlyArray<T>>

/** Pushes every chunk's values, asking for the next chunk only while the subscriber is there. */
const push = <T>(chunks: Chunks<T>, subscriber: Subscriber<T>, signal: AbortSignal): void => {
  const iterator = chunks(signal)[Symbol.asyncIterator]()
  const run = async (): Promise<void> => {
    for (;;) {
      const step = await iterator.next()
      if (subscriber.closed) return void (await iterator.return?.())
      if (step.done === true) return subscriber.complete()
      for (const value of step.value) {
        subscriber.next(value)
        if (subscriber.closed) return void (await iterator.return?.())
      }
    }
  }
  run().catch((e: unknown) => {
    if (!subscriber.closed) subscriber.error(e)
  })
}

type Settled<T> = { readonly ok: IteratorResult<ReadonlyArray<T>> } | { readonly error: unknown }

/**
 * An Observable that is also async-iterable. Subscribing pushes, as any Observable does;
 * `for await (const user of listUsers(client))` pulls, with one page read ahead.
 */
export class PullableObservable<T> extends Observable<T> implements AsyncIterable<T> {
  /** @internal The engine, in chunks. */
  readonly chunks: Chunks<T>

  /** @internal */
  constructor(chunks: Chunks<T>) {
    super((subscriber) => {
      const controller = new AbortController()
      push(chunks, subscriber, controller.signal)
      return () => controller.abort()
    })
    this.chunks = chunks
  }

  /**
   * @internal The values, a page at a time as the caller asks, with `prefetch` pages read ahead.
   * `return` (leaving a loop), or aborting `signal`, aborts what is in flight.
   */
  iterate(prefetch: number, signal?: AbortSignal): AsyncIterator<T> {
    const controller = new AbortController()
    if (signal?.aborted === true) controller.abort(signal.reason)
    // One listener a signal (the transport's): a loop that ends no longer listens to it.
    const forget = signal === undefined ? () => undefined : onAbort(signal, () => controller.abort(signal.reason))
    let source: AsyncIterator<ReadonlyArray<T>> | undefined
    const ahead: Array<Promise<Settled<T>>> = []
    let values: ReadonlyArray<T> = []
    let index = 0
    let done = false
    const ask = (it: AsyncIterator<ReadonlyArray<T>>): Promise<Settled<T>> =>
      it.next().then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      )
    return {
      next: async (): Promise<IteratorResult<T>> => {
        while (index >= values.length) {
          if (done) return (forget(), { value: undefined, done: true })
          source ??= this.chunks(controller.signal)[Symbol.asyncIterator]()
          const settled = await (ahead.shift() ?? ask(source))
          if ('error' in settled) {
            done = true
            forget()
            throw settled.error
          }
          if (settled.ok.done === true) done = true
          else [values, index] = [settled.ok.value, 0]
          while (!done && ahead.length < prefetch) ahead.push(ask(source))
        }
        return { value: values[index++], done: false }
      },
      return: (): Promise<IteratorResult<T>> => {
        done = true
        values = []
        forget()
        controller.abort()
        // Not awaited: an engine in the middle of a request ends once the abort reaches it.
        source?.return?.().catch(() => undefined)
        return Promise.resolve({ value: undefined, done: true })
      },
    }
  }

  /**
   * `for await`: the next page is requested when the loop asks for more than is in hand, with
   * one page read ahead (`toAsyncIterable` picks another read-ahead). Leaving the loop (`break`,
   * `return`, an exception) aborts what is in flight.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterate(1)
  }
}

/** Whether `source` can be pulled. */
export const isPullable = <T>(source: Observable<T>): source is PullableObservable<T> =>
  source instanceof PullableObservable

/** A stream of `pages` (an engine), each emitted as the values `valuesOf` gives. */
export const pullable = <P, T>(
  pages: (signal: AbortSignal) => AsyncIterable<P>,
  valuesOf: (page: P) => ReadonlyArray<T>,
): PullableObservable<T> =>
  new PullableObservable<T>(async function* (signal) {
    for await (const page of pages(signal)) yield valuesOf(page)
  })

/** The values of a pullable stream mapped by `f`, still pullable. */
export const mapPulled = <A, B>(source: PullableObservable<A>, f: (a: A) => B): PullableObservable<B> =>
  pullable(source.chunks, (chunk) => chunk.map(f))

/** The values of any Observable in chunks: what arrived while the consumer was busy, buffered. */
export const chunksOf = <T>(source: Observable<T>) =>
  async function* (signal: AbortSignal): AsyncGenerator<ReadonlyArray<T>> {
    let values: T[] = []
    let end: { error?: unknown } | undefined
    let wake = (): void => undefined
    const subscription = source.subscribe({
      next: (value) => (values.push(value), wake()),
      error: (error: unknown) => ((end = { error }), wake()),
      complete: () => ((end = {}), wake()),
    })
    // Aborted, the wait ends too.
    const abort = (): void => ((end ??= {}), wake())
    signal.addEventListener('abort', abort, { once: true })
    try {
      for (;;) {
        if (values.length > 0) {
          const chunk = values
          values = []
          yield chunk
        } else if (end !== undefined) {
          if ('error' in end) throw end.error
          return
        } else {
          await new Promise<void>((resolve) => (wake = resolve))
        }
      }
    } finally {
      signal.removeEventListener('abort', abort)
      subscription.unsubscribe()
    }
  }

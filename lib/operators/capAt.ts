import { defer, take, tap, type MonoTypeOperatorFunction } from 'rxjs'
import { invalidParams } from '../core/validate.js'

/**
 * Emits at most `n` values, then completes and unsubscribes from the source at once, so a
 * lazy source (such as `listUsers`) sends no request beyond the ones that served the n-th
 * value. Unlike `take`, it tells the caller when the cap, not the end of the source, ended
 * the stream.
 *
 * ```
 * source:        --a--b--c--d--|
 * capAt(2):      --a--(b|)          onCap(2) is called
 * source:        --a--|
 * capAt(2):      --a--|             onCap is not called: the source ended first
 * ```
 *
 * @example
 * ```ts
 * listUsers(client).pipe(capAt(10_000, { onCap: (n) => console.error(`stopped at ${n}`) }))
 * ```
 *
 * @param n The most values to emit (a non-negative integer).
 * @param options `onCap(n)`: called once when the stream ends because the n-th value was emitted.
 * @returns An operator that caps the stream at `n` values.
 */
export const capAt =
  <T>(n: number, options: { readonly onCap?: (n: number) => void } = {}): MonoTypeOperatorFunction<T> =>
  (source) => {
    if (!(Number.isInteger(n) && n >= 0)) throw invalidParams('n', `capAt(n) needs a non-negative integer, got ${n}`)
    return defer(() => {
      let count = 0
      // take unsubscribes from the source inside the n-th emission, before it can send more.
      return source.pipe(
        take(n),
        tap({
          next: () => {
            count += 1
          },
          complete: () => {
            if (n > 0 && count === n) options.onCap?.(n)
          },
        }),
      )
    })
  }

/**
 * Waiting on an `AbortSignal` from many places at once: a parallel listing has dozens of requests
 * and waits under one signal, and an `EventTarget` warns past ten listeners (a leak, it
 * presumes). So each signal gets one listener, which calls what is registered at the time.
 *
 * @module
 */

/** What to call on each signal's abort. */
const registered = new WeakMap<AbortSignal, Set<() => void>>()

/** An aborted signal's reason, as an Error. */
export const reasonOf = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason))

/**
 * Calls `f` once when `signal` aborts (not if it already has); returns what unregisters it.
 * However many are registered, the signal holds one listener.
 */
export const onAbort = (signal: AbortSignal, f: () => void): (() => void) => {
  let all = registered.get(signal)
  if (all === undefined) {
    const set = new Set<() => void>()
    signal.addEventListener('abort', () => [...set].forEach((g) => g()), { once: true })
    registered.set(signal, (all = set))
  }
  const once = (): void => {
    set.delete(once)
    f()
  }
  const set = all
  set.add(once)
  return () => void set.delete(once)
}

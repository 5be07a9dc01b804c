/**
 * Intercom's rate limit: a number of requests per fixed window (10 s), with the window's
 * state in the `X-RateLimit-*` headers of every answer. Windows are aligned on multiples of
 * their length, so a window of whole seconds resets exactly at the second `Reset` names.
 *
 * @module
 */

/** The limit and its window. */
export interface RateLimitOptions {
  /** Requests allowed per window (the simulator's default: 1,666, Intercom's 10,000 a minute). */
  readonly limit: number
  /** The window, in milliseconds (default 10,000, Intercom's). */
  readonly windowMs: number
  /**
   * Send `X-RateLimit-Reset` with milliseconds (`1790000000.25`) rather than Intercom's whole
   * seconds, so tests with windows of a few milliseconds do not wait for the next second.
   */
  readonly fractionalReset?: boolean
}

/** The state of the window for one request, and whether it was over the limit. */
export interface WindowState {
  readonly over: boolean
  readonly headers: Readonly<Record<string, string>>
}

/** Counts requests per window; `clock` in milliseconds. */
export const rateWindow = (options: RateLimitOptions, clock: () => number) => {
  let windowStart = Number.NEGATIVE_INFINITY
  let count = 0
  return (): WindowState => {
    const now = clock()
    const start = Math.floor(now / options.windowMs) * options.windowMs
    if (start !== windowStart) {
      windowStart = start
      count = 0
    }
    count += 1
    const resetMs = windowStart + options.windowMs
    return {
      over: count > options.limit,
      headers: {
        'X-RateLimit-Limit': String(options.limit),
        'X-RateLimit-Remaining': String(Math.max(0, options.limit - count)),
        'X-RateLimit-Reset':
          options.fractionalReset === true ? (resetMs / 1000).toFixed(3) : String(Math.ceil(resetMs / 1000)),
      },
    }
  }
}

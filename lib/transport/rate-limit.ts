/**
 * Intercom's rate-limit state, read from the `X-RateLimit-*` headers of every answer.
 *
 * @module
 */

/** The rate-limit state of one answer. */
export interface RateLimit {
  /** Requests allowed per window (`X-RateLimit-Limit`). */
  readonly limit: number
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  readonly remaining: number
  /** When the window resets, in Unix seconds (`X-RateLimit-Reset`; a fraction is kept if sent). */
  readonly reset: number
}

/** Anything that can answer a header by name, such as fetch's `Headers`. */
export interface HeaderSource {
  /** A header's value by name (case-insensitive), or null when absent. */
  get(name: string): string | null
}

const nonNegativeInt = (raw: string | null): number | undefined => {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined
  return Number(raw)
}

/** Intercom sends whole seconds; a fraction (the simulator's fast windows) is accepted too. */
const unixSeconds = (raw: string | null): number | undefined => {
  if (raw === null || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return undefined
  return Number(raw)
}

/**
 * Reads the rate-limit headers. Intercom occasionally omits them; then, or when one is not a
 * non-negative number, the answer has no rate-limit state and this returns `undefined`.
 */
export const parseRateLimit = (headers: HeaderSource): RateLimit | undefined => {
  const limit = nonNegativeInt(headers.get('x-ratelimit-limit'))
  const remaining = nonNegativeInt(headers.get('x-ratelimit-remaining'))
  const reset = unixSeconds(headers.get('x-ratelimit-reset'))
  return limit === undefined || remaining === undefined || reset === undefined ? undefined : { limit, remaining, reset }
}

/** A pause of the client's requests. */
export interface RateLimitWait {
  /** How long the queue waits, in ms. */
  readonly waitMs: number
  /** Why: the window's requests are spent, Intercom answered 429, or the caller's ceiling. */
  readonly reason: 'remaining-spent' | 'rate-limited' | 'ceiling'
  /** When the wait ends, ms since the epoch. */
  readonly until: number
}

/** The limiter's settings. */
export interface RateLimiterOptions {
  /** A ceiling of the caller's own, below Intercom's (for example to leave room for other apps). */
  readonly ceiling?: { readonly requests: number; readonly windowMs: number }
  /**
   * The share of each of Intercom's windows this client may spend, from 0 (exclusive) to 1
   * (default 1, the whole window: what other integrations of the app spent is already out of
   * `X-RateLimit-Remaining`). At 0.5 the client waits for the reset while half of the window's
   * limit is left, so the app's other integrations keep working during a long export.
   */
  readonly share?: number
  /** Added to every reset, for clock skew (default 250 ms). */
  readonly marginMs?: number
  /** The longest single pause, whatever the reset says (default 60,000 ms: a skewed clock cannot stall the client). */
  readonly maxPauseMs?: number
}

/** Gives a request's slot back; `answered`: whether its time was an answer's (it counts in the latency). */
export type Release = (answered: boolean) => void
/** What the client may still send in the current window, for a caller that paces itself (concurrency `auto`). */
export interface RateBudget {
  /** Requests this client may still start before the reset, its share and what is in flight counted; undefined before an answer told the limit. */
  readonly available: number | undefined
  /** Until the window resets, in ms (0 when unknown). */
  readonly resetInMs: number
  /** How long a request of this client takes, from leaving the queue to its answer read (a moving average; undefined before one). */
  readonly latencyMs: number | undefined
  /** Answers this client has had (an aborted request or a failed connection is none). */
  readonly answers: number
  /** A 429 arrived in this window or the one before: a pacing caller halves. */
  readonly rateLimited: boolean
}

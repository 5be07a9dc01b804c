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

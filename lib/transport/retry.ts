/**
 * When to try a request again, in one place: 429 after the reset (the rate limiter holds the
 * request until then), 5xx, network errors and timeouts with exponential backoff and full
 * jitter; never any other 4xx or a body that does not decode. Pure, with the random source
 * passed in.
 *
 * @module
 */
import { detailsOf, intercomError, type IntercomError } from '../core/errors.js'

/** How many times and how long to keep trying; every field has a default. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5; 1 turns retries off). */
  readonly maxAttempts?: number
  /** The first backoff's ceiling, doubled each attempt (default 500 ms). */
  readonly baseDelayMs?: number
  /** The largest backoff (default 30,000 ms). */
  readonly maxDelayMs?: number
  /** The most time spent waiting between attempts of one request, rate-limit pauses included (default 300,000 ms). */
  readonly maxWaitMs?: number
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 300_000,
}

/** A request about to be tried again: what failed, which attempt, and how long until the next. */
export interface RetryNotice {
  /** The request's method and URL (never the token: it travels in a header). */
  readonly method: string
  readonly url: string
  /** The attempt that failed, from 1. */
  readonly attempt: number
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** The failure's tag and message. */
  readonly tag: IntercomError['_tag']
  readonly message: string
  /** The answer's HTTP status, when one came. */
  readonly status?: number
  /** How long until the next attempt, in ms (a 429's is the rate-limit window's reset). */
  readonly waitMs: number
}

/** Whether an error is worth another attempt of the same request. */
export const isRetryable = (e: IntercomError): boolean =>
  e._tag === 'RateLimited' ||
  e._tag === 'NetworkError' ||
  e._tag === 'Timeout' ||
  (e._tag === 'HttpError' && (e.status ?? 0) >= 500)

/** The backoff before attempt `attempt + 1`: uniform in [0, min(max, base × 2^(attempt−1))]. */
export const backoffMs = (policy: Required<RetryOptions>, attempt: number, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)))

/** The error to surface once retries are over: the same tag, with the attempt count. */
export const afterAttempts = (e: IntercomError, attempts: number, reason?: string): IntercomError =>
  attempts <= 1 && reason === undefined
    ? e
    : intercomError(
        e._tag,
        `${e.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}${reason === undefined ? '' : `: ${reason}`})`,
        {
          ...detailsOf(e),
          attempts,
          cause: e,
        },
      )

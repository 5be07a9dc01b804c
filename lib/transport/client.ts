/**
 * The client: the token, the base URL and the transport's settings, shared by every stream
 * made from it. The token is held in a private field: it is not shown by `util.inspect`,
 * `JSON.stringify` or a debugger's property list, and is sent only to the base URL's origin.
 *
 * @module
 */
import { fetch as crossFetch } from 'cross-fetch'
import { BehaviorSubject, type Observable } from 'rxjs'
import { intercomError } from '../errors.js'
import { DEFAULT_PAGE_CAP } from '../params.js'
import { DEFAULT_BASE_URL, isUnderBaseUrl, normalizeBaseUrl, USER_AGENT } from '../request.js'
import type { RateLimit } from './rate-limit.js'
import { RateLimiter, type RateLimiterOptions, type RateLimitWait } from './rate-limiter.js'
import { DEFAULT_RETRY, type RetryOptions } from './retry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What the transport needs of a fetch response. */
export interface FetchResponse {
  /** The HTTP status. */
  readonly status: number
  /** The response headers. */
  readonly headers: {
    /** A header's value by name (case-insensitive), or null when absent. */
    get(name: string): string | null
  }
  /** The body as a WHATWG or Node stream, read with a size cap when present. */
  readonly body?: unknown
  /** The whole body as text (used when there is no stream). */
  text(): Promise<string>
}

/** What the transport needs of `fetch`: the global one, cross-fetch, or a test double. */
export type FetchLike = (
  url: string,
  init: {
    method: string
    headers: Record<string, string>
    signal: AbortSignal
    redirect: 'manual'
  },
) => Promise<FetchResponse>

/** How to build a client. Only `token` is required. */
export interface ClientOptions {
  /** An Intercom access token (kept private; sent as `Authorization: Bearer`). */
  readonly token: string
  /** Default `https://api.intercom.io` (also when undefined, so an unset environment variable falls back to it); the simulator's URL in tests. */
  readonly baseUrl?: string | undefined
  /** The `fetch` to use (default cross-fetch): inject one to run elsewhere or to test. */
  readonly fetch?: FetchLike
  /** How long one request may take, body included, in milliseconds (default 30,000). */
  readonly timeoutMs?: number
  /** The `User-Agent` header (default `intercom-rx/<version>`). */
  readonly userAgent?: string
  /** The largest body accepted, in bytes (default 16 MiB); a larger one is `BodyTooLarge`. */
  readonly maxBodyBytes?: number
  /** Intercom's cap on page iteration, in users (default 10,000): listing stops cleanly there. */
  readonly pageCap?: number
  /** Retries of failed requests: attempts, backoff and the most time spent waiting. */
  readonly retry?: RetryOptions
  /** The rate limiter: an optional ceiling of your own, the margin added to resets. */
  readonly rateLimit?: RateLimiterOptions
}

/** The `fetch` used when none is given: cross-fetch, which works in Node and browsers. */
export const defaultFetch = crossFetch as unknown as FetchLike

export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

const inspectCustom = Symbol.for('nodejs.util.inspect.custom')

/** A configured client; make one with {@link createClient}. */
export class IntercomClient {
  /** Where requests go; the token is sent only to URLs under it. */
  readonly baseUrl: string
  /** One request's timeout, body included, in milliseconds. */
  readonly timeoutMs: number
  /** The `User-Agent` header sent. */
  readonly userAgent: string
  /** The largest body read; a larger one fails with `BodyTooLarge`. */
  readonly maxBodyBytes: number
  /** Intercom's cap on page iteration (page × per_page), 10,000 by default. */
  readonly pageCap: number
  /** The `fetch` every request goes through. */
  readonly fetch: FetchLike
  /** The retry policy, defaults filled in. */
  readonly retry: Required<RetryOptions>
  readonly #token: string
  readonly #rateLimit = new BehaviorSubject<RateLimit | undefined>(undefined)
  /** The client's one rate limiter, shared by every stream made from this client. */
  readonly limiter: RateLimiter

  /** The rate-limit state of the latest answer (success or error) that carried one. */
  readonly rateLimit$: Observable<RateLimit | undefined> = this.#rateLimit.asObservable()
  /** Every pause of this client's requests for the rate limit: how long, until when, why. */
  readonly rateLimitWait$: Observable<RateLimitWait>

  constructor(options: ClientOptions) {
    const token: unknown = options.token
    if (typeof token !== 'string' || token.trim().length === 0) {
      throw intercomError(
        'InvalidParams',
        'createClient needs an access token: pass { token }, e.g. from INTERCOM_ACCESS_TOKEN.',
        { param: 'token' },
      )
    }
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL
    if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
      throw intercomError('InvalidParams', `baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}.`, {
        param: 'baseUrl',
      })
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw intercomError('InvalidParams', `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`, {
        param: 'timeoutMs',
      })
    }
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
      throw intercomError('InvalidParams', `maxBodyBytes must be a positive integer, got ${maxBodyBytes}.`, {
        param: 'maxBodyBytes',
      })
    }
    const pageCap = options.pageCap ?? DEFAULT_PAGE_CAP
    if (!(Number.isInteger(pageCap) && pageCap > 0)) {
      throw intercomError('InvalidParams', `pageCap must be a positive integer, got ${pageCap}.`, { param: 'pageCap' })
    }
    this.pageCap = pageCap
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    const { maxAttempts, baseDelayMs, maxDelayMs, maxWaitMs } = this.retry
    if (
      !(Number.isInteger(maxAttempts) && maxAttempts >= 1) ||
      ![baseDelayMs, maxDelayMs, maxWaitMs].every((n) => n >= 0)
    ) {
      throw intercomError(
        'InvalidParams',
        `retry needs maxAttempts an integer >= 1 and non-negative delays, got ${JSON.stringify(options.retry)}.`,
        { param: 'retry' },
      )
    }
    const ceiling = options.rateLimit?.ceiling
    if (
      ceiling !== undefined &&
      !(Number.isInteger(ceiling.requests) && ceiling.requests >= 1 && ceiling.windowMs > 0)
    ) {
      throw intercomError(
        'InvalidParams',
        `rateLimit.ceiling needs requests an integer >= 1 and windowMs > 0, got ${JSON.stringify(ceiling)}.`,
        { param: 'rateLimit' },
      )
    }
    this.limiter = new RateLimiter(options.rateLimit)
    this.rateLimitWait$ = this.limiter.waits$
    this.#token = token
    this.baseUrl = normalizeBaseUrl(baseUrl)
    this.timeoutMs = timeoutMs
    this.userAgent = options.userAgent ?? USER_AGENT
    this.maxBodyBytes = maxBodyBytes
    this.fetch = options.fetch ?? defaultFetch
  }

  /**
   * The `Authorization` header for a URL: present only when the URL is under the base URL,
   * so no code path can send the token to another origin.
   */
  authorizationFor(url: string): Record<string, string> {
    return isUnderBaseUrl(url, this.baseUrl) ? { Authorization: `Bearer ${this.#token}` } : {}
  }

  /** Records the rate-limit state of an answer (and its status, for a 429) for the limiter and `rateLimit$`. */
  observeRateLimit(rateLimit: RateLimit | undefined, status?: number): void {
    this.limiter.observe(rateLimit, status)
    if (rateLimit !== undefined) this.#rateLimit.next(rateLimit)
  }

  /** What `JSON.stringify(client)` shows: the settings, never the token. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, timeoutMs: this.timeoutMs, userAgent: this.userAgent, token: '[redacted]' }
  }

  /** What `console.log(client)` and `util.inspect` show: never the token. */
  [inspectCustom](): string {
    return `IntercomClient { baseUrl: '${this.baseUrl}', token: [redacted] }`
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Creates a client; throws an `InvalidParams` error when an option is wrong. */
export const createClient = (options: ClientOptions): IntercomClient => new IntercomClient(options)

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
import {
  DEFAULT_BASE_URL,
  isUnderBaseUrl,
  isUsersApiVersion,
  normalizeBaseUrl,
  USER_AGENT,
  USERS_API_VERSION,
} from '../request.js'
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
  /** The `fetch` to use (default the runtime's own, cross-fetch where there is none): inject one to test. */
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
  /**
   * The `Intercom-Version` of List Users and Scroll requests: `1.0` to `1.4` (default `1.4`), the
   * only versions on which `/users` exists. Sent with every such request, whatever the app's default.
   */
  readonly apiVersion?: string
}

const runtimeFetch = (globalThis as { fetch?: unknown }).fetch

/**
 * The `fetch` used when none is given: the runtime's own where there is one (Node 18+, Bun,
 * Deno, browsers), cross-fetch elsewhere. Node's own fails a body cut short by a closed
 * connection at once, where cross-fetch's Node implementation waits for the timeout.
 */
export const defaultFetch: FetchLike =
  typeof runtimeFetch === 'function' ? (url, init) => (runtimeFetch as unknown as FetchLike)(url, init) : crossFetch

export const DEFAULT_TIMEOUT_MS = 30_000
/** The longest a timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

const inspectCustom = Symbol.for('nodejs.util.inspect.custom')

/**
 * The first character a header value may not hold (a control character, DEL, or one above
 * U+00FF, which fetch cannot send), described without quoting the value; undefined when none.
 * The token's own ends are trimmed by fetch, so a space inside is refused too.
 */
const illegalHeaderCharacter = (value: string): string | undefined => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x21 || code === 0x7f || code > 0xff) {
      const name =
        code === 0x0a
          ? 'a line feed'
          : code === 0x0d
            ? 'a carriage return'
            : code === 0x20
              ? 'a space'
              : `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
      return `${name} at position ${i + 1} of ${value.length}`
    }
  }
  return undefined
}

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
  /** The `Intercom-Version` sent with List Users and Scroll requests. */
  readonly apiVersion: string
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
    const illegal = illegalHeaderCharacter(token)
    if (illegal !== undefined) {
      // The message describes the character, never the token.
      throw intercomError(
        'InvalidParams',
        `The access token holds ${illegal}, which no HTTP header may carry, so it cannot be sent. ` +
          'Check where it came from (a token file of more than one line, a pasted space or quote) and pass the token alone.',
        { param: 'token' },
      )
    }
    const apiVersion = options.apiVersion ?? USERS_API_VERSION
    if (typeof apiVersion !== 'string' || !isUsersApiVersion(apiVersion)) {
      throw intercomError(
        'InvalidParams',
        `apiVersion must be one of 1.0, 1.1, 1.2, 1.3, 1.4 (List Users exists only on 1.x), got ${JSON.stringify(apiVersion)}.`,
        { param: 'apiVersion' },
      )
    }
    this.apiVersion = apiVersion
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL
    if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
      throw intercomError('InvalidParams', `baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}.`, {
        param: 'baseUrl',
      })
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
      throw intercomError(
        'InvalidParams',
        `timeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS} (the longest a timer holds), got ${timeoutMs}.`,
        { param: 'timeoutMs' },
      )
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

  /**
   * Text from outside (an error body, a page title, a network error's message) with the token
   * replaced by `[redacted]`: a server that echoes the `Authorization` header cannot put the
   * token into an error message.
   */
  redact(text: string): string {
    let out = text
    for (const form of new Set([this.#token, encodeURIComponent(this.#token)])) out = out.split(form).join('[redacted]')
    return out
  }

  /** Records the rate-limit state of an answer (and its status, for a 429) for the limiter and `rateLimit$`. */
  observeRateLimit(rateLimit: RateLimit | undefined, status?: number, windowMs?: number): void {
    this.limiter.observe(rateLimit, status, windowMs)
    if (rateLimit !== undefined) this.#rateLimit.next(rateLimit)
  }

  /** What `JSON.stringify(client)` shows: the settings, never the token. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      timeoutMs: this.timeoutMs,
      userAgent: this.userAgent,
      apiVersion: this.apiVersion,
      token: '[redacted]',
    }
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

/**
 * The client: the token, the base URL and the transport's settings, shared by every stream
 * made from it. The token is held in a private field: it is not shown by `util.inspect`,
 * `JSON.stringify` or a debugger's property list, and is sent only to the base URL's origin.
 *
 * @module
 */
import { fetch as crossFetch } from 'cross-fetch'
import * as E from 'fp-ts/lib/Either.js'
import { BehaviorSubject, Subject, type Observable } from 'rxjs'
import { isUnderBaseUrl, normalizeBaseUrl, USER_AGENT } from './http-request.js'
import { checkOptions } from './client-options.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { RateLimiter, type RateLimiterOptions, type RateLimitWait } from '../transport/rate-limiter.js'
import type { RetryNotice, RetryOptions } from '../transport/retry.js'

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
    /** The JSON body of a `POST` (a search). */
    body?: string
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
  /**
   * The `Intercom-Version` of Contacts API requests: a 2.x version (default `2.14`) or `Preview`.
   * On 1.x, `/contacts` is the Leads resource, so a 1.x version is refused.
   */
  readonly contactsApiVersion?: string
}

const runtimeFetch = (globalThis as { fetch?: unknown }).fetch

/**
 * The `fetch` used when none is given: the runtime's own where there is one (Node 18+, Bun,
 * Deno, browsers), cross-fetch elsewhere. Node's own fails a body cut short by a closed
 * connection at once, where cross-fetch's Node implementation waits for the timeout.
 */
export const defaultFetch: FetchLike =
  typeof runtimeFetch === 'function' ? (url, init) => (runtimeFetch as unknown as FetchLike)(url, init) : crossFetch

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
  /** The `Intercom-Version` sent with List Users and Scroll requests. */
  readonly apiVersion: string
  /** The `Intercom-Version` sent with Contacts API requests. */
  readonly contactsApiVersion: string
  readonly #token: string
  readonly #rateLimit = new BehaviorSubject<RateLimit | undefined>(undefined)
  /**
   * The client's one rate limiter, shared by every stream made from this client.
   *
   * @internal the transport's; watch `rateLimit$` and `rateLimitWait$` instead
   */
  readonly limiter: RateLimiter

  /** The rate-limit state of the latest answer (success or error) that carried one. */
  readonly rateLimit$: Observable<RateLimit | undefined> = this.#rateLimit.asObservable()
  /** Every pause of this client's requests for the rate limit: how long, until when, why. */
  readonly rateLimitWait$: Observable<RateLimitWait>
  readonly #retries = new Subject<RetryNotice>()
  #serverOffsetMs = 0
  /** Every retry of this client's requests: what failed, which attempt of how many, and the wait before the next. */
  readonly retries$: Observable<RetryNotice> = this.#retries.asObservable()

  constructor(options: ClientOptions) {
    const checked = checkOptions(options)
    if (E.isLeft(checked)) throw checked.left
    const o = checked.right
    this.#token = o.token
    this.baseUrl = normalizeBaseUrl(o.baseUrl)
    this.timeoutMs = o.timeoutMs
    this.maxBodyBytes = o.maxBodyBytes
    this.pageCap = o.pageCap
    this.apiVersion = o.apiVersion
    this.contactsApiVersion = o.contactsApiVersion
    this.retry = o.retry
    this.userAgent = options.userAgent ?? USER_AGENT
    this.fetch = options.fetch ?? defaultFetch
    this.limiter = new RateLimiter(o.rateLimit)
    this.rateLimitWait$ = this.limiter.waits$
  }

  /**
   * Intercom's clock as its answers' `Date` headers tell it (this machine's until one has), Unix
   * seconds: the clock a change stream's settled horizon is measured on, so a local clock ahead of
   * Intercom's cannot make it pass versions search has not shown yet.
   */
  serverNow(): number {
    return Math.floor((Date.now() + this.#serverOffsetMs) / 1000)
  }

  /**
   * Notes an answer's `Date` header. It has whole seconds, so the offset errs a second early at
   * most: a horizon on it is never ahead of Intercom's.
   *
   * @internal the transport's
   */
  noteServerDate(header: string | null): void {
    const at = header === null ? Number.NaN : Date.parse(header)
    if (Number.isFinite(at)) this.#serverOffsetMs = at - Date.now()
  }

  /**
   * Tells `retries$` that a request is about to be tried again.
   *
   * @internal the transport's
   */
  noteRetry(notice: RetryNotice): void {
    this.#retries.next({ ...notice, url: this.redact(notice.url), message: this.redact(notice.message) })
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
      contactsApiVersion: this.contactsApiVersion,
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

/**
 * Creates a client; throws an `InvalidParams` error when an option is wrong.
 *
 * @example
 * ```ts
 * const client = createClient({ token: process.env['INTERCOM_ACCESS_TOKEN'] ?? '', rateLimit: { share: 0.5 } })
 * ```
 */
export const createClient = (options: ClientOptions): IntercomClient => new IntercomClient(options)

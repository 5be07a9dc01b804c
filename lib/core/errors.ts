/**
 * The one error type of the library: every failure is an {@link IntercomError} whose `_tag`
 * says which kind it is, so `catchError` can switch on it and `instanceof` works.
 *
 * @module
 */
import type { RateLimit } from '../transport/rate-limit.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Every kind of failure the library reports. */
export type IntercomErrorTag =
  | 'InvalidParams'
  | 'Unauthorized'
  | 'RateLimited'
  | 'HttpError'
  | 'NetworkError'
  | 'Timeout'
  | 'DecodeError'
  | 'PageLimitReached'
  | 'ScrollExists'
  | 'ScrollExpired'
  | 'UnsafeNextUrl'
  | 'PaginationLoop'
  | 'BodyTooLarge'
  | 'ScrollIncomplete'
  | 'UnsupportedApiVersion'
  | 'InvalidCursor'

/** What an error may tell beyond its message; every field is optional. */
export interface IntercomErrorDetails {
  /** The HTTP status of the answer, when there was one. */
  readonly status?: number
  /** Intercom's error code from the `error.list` body (`token_unauthorized`, `bad_request`, ...). */
  readonly code?: string
  /** Intercom's `request_id`, to quote when asking Intercom's support. */
  readonly requestId?: string
  /** The URL of the request (never carries the token: the token travels in a header). */
  readonly url?: string
  /** The rate-limit state read from the answer's `X-RateLimit-*` headers, when present. */
  readonly rateLimit?: RateLimit
  /** For `InvalidParams`: the parameter that was wrong. */
  readonly param?: string
  /** For `InvalidParams`: what is wrong with `param`, without the sentence around it. */
  readonly reason?: string
  /** How many attempts were made before giving up. */
  readonly attempts?: number
  /** The underlying error (a network error, a parse error). */
  readonly cause?: unknown
}

/**
 * The error that travels an Observable's error channel. `_tag` discriminates; the message
 * says what happened and what to do, and never contains the access token.
 */
export class IntercomError<T extends IntercomErrorTag = IntercomErrorTag>
  extends Error
  implements IntercomErrorDetails
{
  /** What kind of failure: switch on it (see docs/errors.md for each). */
  readonly _tag: T
  readonly status?: number
  readonly code?: string
  readonly requestId?: string
  readonly url?: string
  readonly rateLimit?: RateLimit
  readonly param?: string
  readonly reason?: string
  readonly attempts?: number

  constructor(tag: T, message: string, details: IntercomErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = `IntercomError(${tag})`
    this._tag = tag
    const { cause: _cause, ...rest } = details
    Object.assign(this, rest)
  }

  /** A plain rendering for logs: tag, message and details, without the cause's internals. */
  toJSON(): Record<string, unknown> {
    const { ...fields } = this as Record<string, unknown>
    return { name: this.name, message: this.message, ...fields }
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Builds an {@link IntercomError}; a function so it composes in `Either` pipelines. */
export const intercomError = <T extends IntercomErrorTag>(
  tag: T,
  message: string,
  details?: IntercomErrorDetails,
): IntercomError<T> => new IntercomError(tag, message, details)

/** An error's details, every field but the cause: to build another error from it. */
export const detailsOf = (e: IntercomError): IntercomErrorDetails => ({
  ...(e.status === undefined ? {} : { status: e.status }),
  ...(e.code === undefined ? {} : { code: e.code }),
  ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
  ...(e.url === undefined ? {} : { url: e.url }),
  ...(e.rateLimit === undefined ? {} : { rateLimit: e.rateLimit }),
  ...(e.param === undefined ? {} : { param: e.param }),
  ...(e.reason === undefined ? {} : { reason: e.reason }),
  ...(e.attempts === undefined ? {} : { attempts: e.attempts }),
})

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether `u` is an {@link IntercomError}, optionally of the given tag.
 *
 * @example
 * ```ts
 * listUsers(client).subscribe({ error: (e: unknown) => { if (isIntercomError(e, 'RateLimited')) console.error(e.message) } })
 * ```
 */
export const isIntercomError = <T extends IntercomErrorTag>(u: unknown, tag?: T): u is IntercomError<T> =>
  u instanceof IntercomError && (tag === undefined || u._tag === tag)

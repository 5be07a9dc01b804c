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

// -------------------------------------------------------------------------------------
// constructors: what the engines found, worded here once
// -------------------------------------------------------------------------------------

/** `pages.next` is not a URL at all. */
export const nextIsNotUrl = (next: string, url: string): IntercomError<'UnsafeNextUrl'> =>
  intercomError('UnsafeNextUrl', `pages.next is not a URL (${JSON.stringify(next)}); the listing stops here.`, { url })

/** `pages.next` points outside the base URL's `/users`: the token must not follow it. */
export const nextOutsideApi = (next: URL, usersUrl: string, url: string): IntercomError<'UnsafeNextUrl'> =>
  intercomError(
    'UnsafeNextUrl',
    `pages.next points to ${next.origin}${next.pathname}, not to ${usersUrl}: it was not ` +
      'followed, so the access token stays with the API. Check the base URL, or a proxy that rewrites links.',
    { url },
  )

/** `pages.next` asks for a page already read. */
export const nextRepeatsPage = (page: number, asked: number, next: URL, url: string): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `pages.next after page ${page} asks for page ${asked} again (${next.href}); ` +
      'the server is looping, so the listing stops instead of repeating users.',
    { url },
  )

/** A cursor listing's `pages.next` gives a cursor it gave before. */
export const nextRepeatsCursor = (cursor: string, page: number, url: string): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `pages.next after page ${page} gives a cursor already followed (starting_after ${JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor)}); ` +
      'the server is looping, so the listing stops instead of repeating contacts.',
    { url },
  )

/** `pages.next` asks for something else than the following page of the query (`odd` says what). */
export const nextLeavesQuery = (
  odd: string,
  next: URL,
  following: string,
  url: string,
): IntercomError<'UnsafeNextUrl'> =>
  intercomError(
    'UnsafeNextUrl',
    `pages.next asks for ${odd} (${next.href}), not for the following page of this listing (${following}); ` +
      'following it could skip or mix in users, so the listing stops. The server is not answering as Intercom documents.',
    { url },
  )

/** An answer that is not the page asked for. */
export const notPageAskedFor = (
  asked: { readonly page: number; readonly perPage: number },
  answered: { readonly page: number; readonly perPage: number },
  url: string,
): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `Asked for page ${asked.page} at per_page ${asked.perPage}, the server answered page ${answered.page} at per_page ` +
      `${answered.perPage} (${url}); the listing stops instead of repeating or skipping users.`,
    { url },
  )

/** A page with more users than its `per_page`. */
export const pageOverfull = (
  users: number,
  perPage: number,
  url: string,
  what = 'users',
): IntercomError<'DecodeError'> =>
  intercomError(
    'DecodeError',
    `The page from ${url} holds ${users} ${what} but says per_page ${perPage}; ` +
      'the server is not answering as Intercom documents, so the listing stops rather than guess.',
    { url },
  )

/** A page that did not decode, with the URL it came from. */
export const undecodablePage = (
  failure: IntercomError,
  url: string,
  rateLimit: RateLimit | undefined,
): IntercomError<'DecodeError'> =>
  intercomError('DecodeError', `${failure.message} (from ${url})`, {
    url,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  })

/** A `concurrency` that is neither `'auto'` nor a whole number from 1. */
export const badConcurrency = (concurrency: unknown): IntercomError<'InvalidParams'> =>
  intercomError(
    'InvalidParams',
    `concurrency must be 'auto' or an integer >= 1, got ${JSON.stringify(concurrency)}. No request was sent.`,
    {
      param: 'concurrency',
    },
  )

/** A listing whose first page lies past the cap on page iteration. */
export const startsPastCap = (page: number, perPage: number, cap: number): IntercomError<'InvalidParams'> =>
  intercomError(
    'InvalidParams',
    `page ${page} at perPage ${perPage} starts past Intercom's cap of ${cap} users on page iteration; ` +
      'use scrollUsers or allUsers to read past it. No request was sent.',
    { param: 'page' },
  )

/** Params the Scroll API cannot honour, for a listing past the cap. */
export const unscrollableParams = (
  given: ReadonlyArray<string>,
  total: number | undefined,
  cap: number,
): IntercomError<'InvalidParams'> =>
  intercomError(
    'InvalidParams',
    `allUsers: the listing has ${total ?? 'an unknown number of'} users, more than the ${cap} that page iteration reaches, ` +
      `and the Scroll API that reads past the cap takes no ${given.join(', ')}. Drop ${given.join(', ')} to read every user ` +
      "(in the scroll's order; createdSince is filtered on the client), or use listUsers for the first 10,000.",
    { param: 'params' },
  )

/** A scroll that could not be completed within its passes; `last` is the latest failure. */
export const scrollNotCompleted = (
  maxPasses: number,
  emitted: number,
  last: IntercomError,
): IntercomError<'ScrollExpired' | 'ScrollIncomplete'> =>
  intercomError(
    last._tag === 'ScrollExpired' ? 'ScrollExpired' : 'ScrollIncomplete',
    `The scroll could not be completed in ${maxPasses} passes (${emitted} users emitted; last failure: ${last.message}). ` +
      'Raise maxPasses, or try again later.',
    { attempts: maxPasses, ...(last.status === undefined ? {} : { status: last.status }) },
  )

/** A pass that ended with stretches where users may have been lost. */
export const scrollGapsOpen = (gaps: number, pass: number): IntercomError<'ScrollIncomplete'> =>
  intercomError('ScrollIncomplete', `${gaps} stretches of the scroll may have been lost in pass ${pass}`)

/** A scroll that keeps serving users already emitted. */
export const scrollRepeats = (
  received: number,
  distinct: number,
  pass: number,
  url: string,
): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `The scroll served ${received} users in pass ${pass}, but only ${distinct} distinct ones so far: ` +
      'it keeps returning users already emitted, so it stops instead of reading forever.',
    { url },
  )

/** Another scroll held the app's lock past the budget. */
export const scrollLockHeld = (
  lockWaitMs: number,
  attempts: number,
  status: number | undefined,
): IntercomError<'ScrollExists'> =>
  intercomError(
    'ScrollExists',
    `Another scroll held this app's scroll lock for over ${lockWaitMs} ms. Intercom allows one scroll at a ` +
      'time and releases an unused one after a minute; stop the other export or raise lockWaitMs.',
    { attempts, ...(status === undefined ? {} : { status }) },
  )

/** An error's details, every field but the cause: to build another error from it. */
export const detailsOf = (e: IntercomError): IntercomErrorDetails => ({
  ...(e.status === undefined ? {} : { status: e.status }),
  ...(e.code === undefined ? {} : { code: e.code }),
  ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
  ...(e.url === undefined ? {} : { url: e.url }),
  ...(e.rateLimit === undefined ? {} : { rateLimit: e.rateLimit }),
  ...(e.param === undefined ? {} : { param: e.param }),
  ...(e.attempts === undefined ? {} : { attempts: e.attempts }),
})

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/** Whether `u` is an {@link IntercomError}, optionally of the given tag. */
export const isIntercomError = <T extends IntercomErrorTag>(u: unknown, tag?: T): u is IntercomError<T> =>
  u instanceof IntercomError && (tag === undefined || u._tag === tag)

/** userChanges: more users changed since the watermark than page iteration reaches. */
export const changesPastCap = (since: number, cap: number): IntercomError<'PageLimitReached'> =>
  intercomError(
    'PageLimitReached',
    `userChanges: more than ${cap} users changed since the watermark (updated_at ${since}), and page iteration ` +
      `stops at ${cap} users, so the oldest of those changes cannot be reached. Export every user with allUsers ` +
      '(it reads past the cap over the Scroll API), then follow changes from the time that export started.',
  )

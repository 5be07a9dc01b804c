/**
 * Maps an answer that is not a success to the error it means: Intercom's `error.list` when
 * the body is one, a useful line when it is HTML (a proxy) or empty. Pure.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { ErrorItem, ErrorList } from '../core/codecs/error-list.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import type { RateLimit } from './rate-limit.js'

/** What is known of an answer that was not a success. */
export interface FailedAnswer {
  readonly status: number
  readonly url: string
  readonly body: string
  readonly rateLimit?: RateLimit
  readonly location?: string | null
  /** The `Intercom-Version` the request asked for, if it named one. */
  readonly apiVersion?: string
}

interface Explained {
  readonly code?: string
  readonly message?: string
  readonly requestId?: string
  readonly summary: string
}

const TITLE = /<title[^>]*>([^<]*)<\/title>/i

/** A short, single-line excerpt of a body that is not Intercom's JSON. */
const excerpt = (body: string): string => {
  const title = TITLE.exec(body)?.[1]
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim()
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

const explain = (body: string): Explained => {
  if (body.trim().length === 0) return { summary: 'an empty body' }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    const looksHtml = /^\s*</.test(body)
    return { summary: `${looksHtml ? 'an HTML' : 'a non-JSON'} body ("${excerpt(body)}")` }
  }
  const decoded = ErrorList.decode(json)
  // The 2.x API answers some errors (a 401, a bad cursor) with a bare `{code, message}`.
  const bare = ErrorItem.decode(json)
  if (E.isLeft(decoded) && E.isRight(bare)) {
    const message = bare.right.message ?? undefined
    return {
      code: bare.right.code,
      ...(message === undefined ? {} : { message }),
      summary: `${bare.right.code}${message === undefined ? '' : `: ${message}`}`,
    }
  }
  if (E.isLeft(decoded)) return { summary: `a JSON body that is not an error.list` }
  const first = decoded.right.errors[0]
  const requestId = decoded.right.request_id ?? undefined
  const message = first?.message ?? undefined
  return {
    ...(first === undefined ? {} : { code: first.code }),
    ...(message === undefined ? {} : { message }),
    ...(requestId === undefined ? {} : { requestId }),
    summary:
      first === undefined ? 'an empty error.list' : `${first.code}${message === undefined ? '' : `: ${message}`}`,
  }
}

const resetIn = (rateLimit: RateLimit | undefined): string =>
  rateLimit === undefined
    ? 'the answer carried no X-RateLimit-Reset header'
    : `the window resets at ${new Date(rateLimit.reset * 1000).toISOString()}`

const isPageLimit = (e: Explained): boolean => /page limit/i.test(e.message ?? '') || e.code === 'page_limit_reached'

const isScrollPath = (url: string): boolean => /\/users\/scroll(?:\?|$)/.test(url)

const isContactsPath = (url: string): boolean => /\/contacts(?:\/search)?(?:\?|$)/.test(url)

/** The tagged error an answer that is not a success means. */
export const errorOfAnswer = (answer: FailedAnswer): IntercomError => {
  const explained = explain(answer.body)
  const details = {
    status: answer.status,
    url: answer.url,
    ...(explained.code === undefined ? {} : { code: explained.code }),
    ...(explained.requestId === undefined ? {} : { requestId: explained.requestId }),
    ...(answer.rateLimit === undefined ? {} : { rateLimit: answer.rateLimit }),
  }
  const said = `HTTP ${answer.status} with ${explained.summary}`
  const rid = explained.requestId === undefined ? '' : ` (request_id ${explained.requestId})`
  if (answer.status === 401) {
    return intercomError(
      'Unauthorized',
      `Intercom refused the access token: ${said}${rid}. ` +
        'Check INTERCOM_ACCESS_TOKEN (or --token-file) and that the app has the Read users scope.',
      details,
    )
  }
  if ((answer.status === 400 || answer.status === 404) && explained.code === 'intercom_version_invalid') {
    const sent =
      answer.apiVersion === undefined
        ? "The request named no Intercom-Version, so the app's default applied"
        : `The request asked for Intercom-Version ${answer.apiVersion}`
    return intercomError(
      'UnsupportedApiVersion',
      `Intercom does not serve this resource on the API version asked for: ${said}${rid}. ${sent}; ` +
        (isContactsPath(answer.url)
          ? 'the Contacts API exists only on 2.x: leave contactsApiVersion at its default 2.14 or pick another 2.x.'
          : 'List Users and the Scroll API exist only on versions 1.0 to 1.4: leave apiVersion (--api-version) at its default 1.4 or pick another 1.x.'),
      details,
    )
  }
  if (answer.status === 400 && explained.code === 'client_error' && /starting_after/i.test(explained.message ?? '')) {
    return intercomError(
      'InvalidCursor',
      `Intercom refused the cursor: ${said}${rid}. ` +
        'A cursor is valid only as a page gave it (startingAfter); start the listing again without one.',
      details,
    )
  }
  if (answer.status === 429) {
    return intercomError(
      'RateLimited',
      `Intercom's rate limit was exceeded: ${said}${rid}; ${resetIn(answer.rateLimit)}. ` +
        'Wait for the reset, or lower the request rate.',
      details,
    )
  }
  if (answer.status === 400 && isPageLimit(explained)) {
    return intercomError(
      'PageLimitReached',
      `Intercom stops page iteration at 10,000 users: ${said}${rid}. ` +
        'Use the Scroll API (scrollUsers or allUsers) to read past the cap.',
      details,
    )
  }
  if (answer.status === 400 && explained.code === 'scroll_exists') {
    return intercomError(
      'ScrollExists',
      `Another scroll is open for this app: ${said}${rid}. ` +
        'Intercom allows one at a time; wait a minute for it to expire, then try again.',
      details,
    )
  }
  if (answer.status === 404 && isScrollPath(answer.url) && explained.code === 'not_found') {
    return intercomError(
      'ScrollExpired',
      `The scroll expired: ${said}${rid}. A scroll unused for a minute is dropped; restart it.`,
      details,
    )
  }
  if (answer.status >= 300 && answer.status < 400) {
    return intercomError(
      'HttpError',
      `The server answered with a redirect (HTTP ${answer.status}${
        answer.location ? ` to ${answer.location}` : ''
      }), which is not followed so the token never leaves the base URL. Point the base URL at the API itself.`,
      details,
    )
  }
  const advice =
    answer.status >= 500
      ? 'Intercom or a proxy in front of it failed; try again later.'
      : 'The request was refused; check the parameters and the base URL.'
  return intercomError('HttpError', `${said}${rid} for ${answer.url}. ${advice}`, details)
}

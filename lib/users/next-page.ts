/**
 * The guards on `pages.next`. The client never follows the server's URL as it is: `next` says
 * whether there is more, and the request that follows is always the following page of the
 * client's own query, built by the pure builder. So a server cannot steer the listing to
 * another origin (the token would follow), back to a page already read (an endless listing),
 * past a page (users left out) or to another query (another page size or filter). A `next` that
 * asks for any of these is refused with a typed error instead of being followed silently. Pure.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import type { Query } from './params.js'
import { isUnderBaseUrl, normalizeBaseUrl, type HttpRequest } from '../core/http-request.js'
import { listUsersRequest, queryParams } from './requests.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The page the client just requested, and the URL it requested it at. */
export interface Position {
  readonly page: number
  readonly perPage: number
  readonly url: string
}

/** The request for the following page and the page number it asks for. */
export interface NextPage {
  readonly request: HttpRequest
  readonly page: number
}

/** Where requests go and what they say of themselves. */
export interface RequestTarget {
  readonly baseUrl: string
  readonly userAgent: string
  readonly apiVersion: string
}

/** The parameters that choose which users a listing holds; `next` may not change them. */
const QUERY_PARAMS = ['email', 'phone', 'order', 'sort', 'created_since'] as const

// -------------------------------------------------------------------------------------
// constructors
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

/** What `next` asks for that the following page of the query does not, in words; undefined when nothing. */
const departure = (next: URL, ownParams: ReadonlyMap<string, string>, position: Position): string | undefined => {
  const page = next.searchParams.get('page')
  if (page !== null && page !== String(position.page + 1)) return `page ${page} after page ${position.page}`
  const perPage = next.searchParams.get('per_page')
  if (perPage !== null && perPage !== String(position.perPage))
    return `per_page ${perPage} in a listing at per_page ${position.perPage}`
  for (const name of QUERY_PARAMS) {
    const theirs = next.searchParams.get(name)
    if (theirs !== null && theirs !== ownParams.get(name)) {
      const ours = ownParams.get(name)
      return `${name}=${theirs} in a listing ${ours === undefined ? `without ${name}` : `with ${name}=${ours}`}`
    }
  }
  return undefined
}

/**
 * The request for the page after `position`, `undefined` at the end (`next` null, absent or
 * empty), or the reason not to go on: `UnsafeNextUrl` (`next` points outside the base URL's
 * `/users`, or asks for another page, page size or filter than the following page of the query)
 * or `PaginationLoop` (`next` asks for a page already read).
 */
export const nextPage = (
  target: RequestTarget,
  query: Query,
  position: Position,
  next: string | null | undefined,
): E.Either<IntercomError, NextPage | undefined> => {
  if (next === null || next === undefined || next === '') return E.right(undefined)
  let url: URL
  try {
    url = new URL(next, position.url)
  } catch {
    return E.left(nextIsNotUrl(next, position.url))
  }
  const usersPath = `${new URL(normalizeBaseUrl(target.baseUrl)).pathname.replace(/\/+$/, '')}/users`
  if (!isUnderBaseUrl(url, target.baseUrl) || url.pathname !== usersPath) {
    return E.left(nextOutsideApi(url, `${normalizeBaseUrl(target.baseUrl)}/users`, position.url))
  }
  const page = position.page + 1
  const theirs = Number(url.searchParams.get('page') ?? Number.NaN)
  if (theirs <= position.page) {
    return E.left(nextRepeatsPage(position.page, theirs, url, position.url))
  }
  const request = listUsersRequest(
    target.baseUrl,
    { ...query, page, perPage: position.perPage },
    target.userAgent,
    target.apiVersion,
  )
  const odd = departure(url, new Map(queryParams(query)), position)
  if (odd !== undefined) {
    return E.left(nextLeavesQuery(odd, url, request.url, position.url))
  }
  return E.right({ request, page })
}

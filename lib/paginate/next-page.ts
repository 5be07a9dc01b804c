/**
 * The guards on `pages.next`: it must stay under the client's base URL (or the token would
 * follow it elsewhere) and move forward (or the listing would never end). Pure.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { intercomError, type IntercomError } from '../errors.js'
import type { Query } from '../params.js'
import { followNextRequest, isUnderBaseUrl, type HttpRequest } from '../request.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where the listing stands: the page just read and the URL that served it. */
export interface Position {
  readonly page: number
  readonly url: string
}

/** The request for the next page and the page number it asks for. */
export interface NextPage {
  readonly request: HttpRequest
  readonly page: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const pageOf = (url: URL): number | undefined => {
  const raw = url.searchParams.get('page')
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined
}

/**
 * The next request, `undefined` at the end (`next` null, absent or empty), or the reason not
 * to follow it: `UnsafeNextUrl` (another origin or path) or `PaginationLoop` (a URL already
 * just read, or a page number that does not increase).
 */
export const nextPage = (
  baseUrl: string,
  query: Query,
  position: Position,
  next: string | null | undefined,
  userAgent?: string,
): E.Either<IntercomError, NextPage | undefined> => {
  if (next === null || next === undefined || next === '') return E.right(undefined)
  let url: URL
  try {
    url = new URL(next, position.url)
  } catch {
    return E.left(
      intercomError('UnsafeNextUrl', `pages.next is not a URL (${JSON.stringify(next)}); the listing stops here.`, {
        url: position.url,
      }),
    )
  }
  if (!isUnderBaseUrl(url, baseUrl)) {
    return E.left(
      intercomError(
        'UnsafeNextUrl',
        `pages.next points to ${url.origin}${url.pathname}, outside the base URL ${baseUrl}: it was not followed, ` +
          'so the access token stays with the API. Check the base URL, or a proxy that rewrites links.',
        { url: position.url },
      ),
    )
  }
  // The page the request will really ask for: `next`'s own, else the query's, merged in.
  // Pages must strictly increase, so no URL can come back and the cap bounds the listing.
  const request = followNextRequest(url, query, userAgent)
  const page = pageOf(new URL(request.url)) ?? position.page + 1
  if (request.url === position.url || page <= position.page) {
    return E.left(
      intercomError(
        'PaginationLoop',
        `pages.next after page ${position.page} asks for page ${page} again (${request.url}); ` +
          'the server is looping, so the listing stops instead of repeating users.',
        { url: position.url },
      ),
    )
  }
  return E.right({ request, page })
}

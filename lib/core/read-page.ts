/**
 * The kernel: one page of one endpoint at one position. It sends the endpoint's request through
 * the transport (rate limiter, retries, abort), decodes the answer, checks the position after it
 * (the endpoint's `next`: origin, loops, bounds) and words every failure one way: what was wrong,
 * with the method and URL of the request (never the token: it travels in a header), and what to
 * do. Every walk of `paging/` reads its pages here.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { sendRequest, type SendHooks } from '../transport/send.js'
import type { IntercomClient } from './client.js'
import type { Endpoint, PageRead } from './endpoint.js'
import { intercomError, type IntercomError } from './errors.js'
import type { HttpRequest } from './http-request.js'
import type { RateLimit } from '../transport/rate-limit.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** `GET https://api.intercom.io/users?page=2`: a request as messages name it. */
export const targetOf = (request: HttpRequest): string => `${request.method} ${request.url}`

/** A page that did not decode, with the request it answered. */
export const undecodablePage = (
  failure: IntercomError,
  request: HttpRequest,
  rateLimit: RateLimit | undefined,
): IntercomError<'DecodeError'> =>
  intercomError('DecodeError', `${failure.message} (answer to ${targetOf(request)})`, {
    url: request.url,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  })

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

// -------------------------------------------------------------------------------------
// kernel
// -------------------------------------------------------------------------------------

/**
 * Reads the page of `endpoint` at `position`: resolves with the decoded page, its items and the
 * position after it, or rejects with a tagged `IntercomError` (the transport's, or a
 * `DecodeError`, `PaginationLoop` or `UnsafeNextUrl` naming the request). Aborting `signal`
 * aborts the request and every wait.
 */
export const readPage = async <Position, Page, Item>(
  client: IntercomClient,
  endpoint: Endpoint<Position, Page, Item>,
  position: Position,
  signal: AbortSignal,
  hooks?: SendHooks,
): Promise<PageRead<Position, Page, Item>> => {
  const request = endpoint.request(position)
  const response = await sendRequest(client, request, signal, hooks)
  const decoded = endpoint.decode(response.body)
  if (E.isLeft(decoded)) throw undecodablePage(decoded.left, request, response.rateLimit)
  const page = decoded.right.value
  const next = endpoint.next(page, position, request.url)
  if (E.isLeft(next)) throw next.left
  return {
    position,
    url: request.url,
    target: targetOf(request),
    page,
    items: endpoint.items(page, position),
    next: next.right,
    warnings: decoded.right.warnings,
    rateLimit: response.rateLimit,
    text: response.text,
  }
}

/**
 * An endpoint as a plain value: how to build the request for a position (a page number, a
 * cursor, a scroll parameter, a search body), which decoder reads its answer, how to find the
 * position after a page, and which items a page yields. Every listing of the library is one of
 * these read by {@link readPage} (the kernel) and walked by a small strategy in `paging/`.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { Decoded } from './codecs/decode.js'
import type { IntercomError } from './errors.js'
import type { HttpRequest } from './http-request.js'
import type { RateLimit } from '../transport/rate-limit.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What an endpoint answers to a request for `position`. */
export interface Endpoint<Position, Page, Item> {
  /** The endpoint's name in messages: `List Users`, `the Scroll API`. */
  readonly name: string
  /** The request for a position: pure, no token. */
  readonly request: (position: Position) => HttpRequest
  /** Decodes an answer's body: the page, with warnings for odd descriptive fields, or why not. */
  readonly decode: (body: unknown) => E.Either<IntercomError<'DecodeError'>, Decoded<Page>>
  /** The items a page read at `position` yields, in the server's order. */
  readonly items: (page: Page, position: Position) => ReadonlyArray<Item>
  /**
   * The position after `page`, read at `position` from `url`: `undefined` at the end, or why the
   * walk must not go on (a page that is not the one asked for, a next link that leaves the API,
   * loops or skips), worded with `url`.
   */
  readonly next: (page: Page, position: Position, url: string) => E.Either<IntercomError, Position | undefined>
}

/** A page read at a position: what it held, and where the walk goes next. */
export interface PageRead<Position, Page, Item> {
  /** The position asked for. */
  readonly position: Position
  /** The request's URL (never the token: it travels in a header). */
  readonly url: string
  /** The request's method and URL, for messages: `GET https://api.intercom.io/users?page=2`. */
  readonly target: string
  /** The decoded page, with every field the server sent. */
  readonly page: Page
  /** The page's items. */
  readonly items: ReadonlyArray<Item>
  /** The position after it, or `undefined` at the end. */
  readonly next: Position | undefined
  /** Descriptive fields with an undocumented type, decoded to `null` (one line each). */
  readonly warnings: ReadonlyArray<string>
  /** The rate-limit state the answer carried. */
  readonly rateLimit: RateLimit | undefined
  /** The answer's body as received. */
  readonly text: string
}

/**
 * The page engine of List Users: request a page, decode it, emit it with its progress, and
 * follow `pages.next` (guarded) only when the consumer still wants more.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { map, type Observable } from 'rxjs'
import { decodeWith } from '../codecs/decode.js'
import { StrictUserList, UserList } from '../codecs/user-list.js'
import type { User } from '../codecs/user.js'
import { intercomError } from '../errors.js'
import type { Query } from '../params.js'
import { listUsersRequest, type HttpRequest } from '../request.js'
import type { IntercomClient } from '../transport/client.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { send } from '../transport/send.js'
import { nextPage } from './next-page.js'
import { unfold, type Step } from './unfold.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A decoded page of users with where the listing stands. */
export interface UserPage {
  /** The users of this page, in the server's order. */
  readonly users: ReadonlyArray<User>
  /** This page's number, from 1. */
  readonly page: number
  readonly perPage: number
  /** Pages in the listing, as the server counts them. */
  readonly totalPages: number
  /** Users in the listing, as the server counts them (absent if the server did not say). */
  readonly totalCount: number | undefined
  /** Users emitted so far, this page's included. */
  readonly usersSoFar: number
  /** The URL of the next page, or `null` on the last page. */
  readonly next: string | null
  /** The rate-limit state this page's answer carried. */
  readonly rateLimit: RateLimit | undefined
  /** Descriptive fields with an undocumented type, decoded to `null` (one line each). */
  readonly warnings: ReadonlyArray<string>
  /** The page as decoded, with every field the server sent. */
  readonly list: UserList
}

interface State {
  readonly request: HttpRequest
  readonly usersSoFar: number
  readonly visited: ReadonlySet<string>
}

const decodeUserList = decodeWith(StrictUserList, UserList, 'A page of List Users')

// -------------------------------------------------------------------------------------
// engine
// -------------------------------------------------------------------------------------

const step =
  (client: IntercomClient, query: Query) =>
  (state: State): Observable<Step<State, UserPage>> =>
    send(client, state.request).pipe(
      map((response) => {
        const decoded = decodeUserList(response.body)
        if (E.isLeft(decoded)) {
          throw intercomError('DecodeError', `${decoded.left.message} (from ${state.request.url})`, {
            url: state.request.url,
            ...(response.rateLimit === undefined ? {} : { rateLimit: response.rateLimit }),
          })
        }
        const list = decoded.right.value
        const usersSoFar = state.usersSoFar + list.users.length
        const visited = new Set(state.visited).add(state.request.url)
        const next = nextPage(
          client.baseUrl,
          query,
          { page: list.pages.page, url: state.request.url, visited },
          list.pages.next,
          client.userAgent,
        )
        if (E.isLeft(next)) throw next.left
        const value: UserPage = {
          users: list.users,
          page: list.pages.page,
          perPage: list.pages.per_page,
          totalPages: list.pages.total_pages,
          totalCount: list.total_count,
          usersSoFar,
          next: list.pages.next ?? null,
          rateLimit: response.rateLimit,
          warnings: decoded.right.warnings,
          list,
        }
        return {
          value,
          next: next.right === undefined ? undefined : { request: next.right.request, usersSoFar, visited },
        }
      }),
    )

/**
 * Every page of a validated query, lazily: a page is requested only when the one before it
 * has been emitted and the subscriber is still subscribed.
 */
export const userPages = (client: IntercomClient, query: Query): Observable<UserPage> =>
  unfold<State, UserPage>(
    { request: listUsersRequest(client.baseUrl, query, client.userAgent), usersSoFar: 0, visited: new Set() },
    step(client, query),
  )

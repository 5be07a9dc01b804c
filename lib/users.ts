/**
 * The public façade: what most callers use.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { defer, mergeMap, throwError, type Observable } from 'rxjs'
import type { User } from './codecs/user.js'
import { validateParams, type ListUsersParams } from './params.js'
import { userPages, type UserPage } from './paginate/user-pages.js'
import type { IntercomClient } from './transport/client.js'

/**
 * The pages of List Users, each decoded with its progress (page, totalPages, totalCount,
 * usersSoFar, next). Cold and lazy: nothing is sent until subscribe, a page is requested
 * only when the previous one was emitted and is still wanted, and unsubscribing aborts the
 * request in flight. Invalid params error with `InvalidParams` before any request.
 *
 * @example
 * listUserPages(client, { perPage: 60 }).subscribe((p) => console.log(`${p.usersSoFar}/${p.totalCount}`))
 */
export const listUserPages = (client: IntercomClient, params?: ListUsersParams): Observable<UserPage> =>
  defer(() => {
    const query = validateParams(params)
    return E.isLeft(query) ? throwError(() => query.left) : userPages(client, query.right)
  })

/**
 * Every user of List Users, in the server's order, one emission a user. Same laziness as
 * {@link listUserPages}: `listUsers(c, { perPage: 50 }).pipe(take(120))` sends 3 requests.
 *
 * @example
 * listUsers(client, { order: 'asc' }).pipe(filter((u) => u.email !== null), take(100))
 */
export const listUsers = (client: IntercomClient, params?: ListUsersParams): Observable<User> =>
  listUserPages(client, params).pipe(mergeMap((page) => page.users))

/**
 * A users export resumed from its checkpoint. No cursor of List Users or of the Scroll API
 * survives a process, so the ids already written (the checkpoint's sidecar) decide what is
 * written again: nothing. On List Users the reading starts again at the last page written
 * whole, and steps back a page while that page's first user was never written (deletions
 * shifted the listing up past it; creations, which shift it down, only bring back users to
 * skip). The Scroll API's cursor expires and cannot be resumed: `--scroll` and `--all` read
 * from the start again, writing only the users not written before.
 *
 * @module
 */
import type { Observable } from 'rxjs'
import { toAsyncIterable, type IntercomClient, type ListOptions, type ListUsersParams, type User } from '../index.js'
import { IdSet, listUserPages, type UserPage } from '../pages.js'

/** Where a users export resumes: its last page written whole (0 if none), and every id written. */
export interface UsersResume {
  readonly page: number
  readonly written: IdSet
}

/** The resume of a checkpoint: its page, and its ids in a set. */
export const usersResume = (page: number, ids: ReadonlyArray<string>): UsersResume => {
  const written = new IdSet()
  for (const id of ids) written.add(id)
  return { page, written }
}

/** The users not written before, remembered as written. */
export const unwritten = (resume: UsersResume, users: ReadonlyArray<User>): ReadonlyArray<User> =>
  users.filter((user) => resume.written.add(user.id))

/**
 * The page a List Users export resumes at: the last page written whole, stepped back while its
 * first user (or, past the end, any user) was never written; never before `params.page`. One
 * request a page looked at.
 */
const resumePage = async (
  client: IntercomClient,
  params: ListUsersParams,
  resume: UsersResume,
  signal: AbortSignal | undefined,
): Promise<number> => {
  const floor = (params as { page?: number }).page ?? 1
  let page = Math.max(floor, resume.page)
  while (page > floor) {
    const head = await firstOf(listUserPages(client, { ...params, page }), signal)
    const first = head?.users[0]
    if (first !== undefined && resume.written.has(first.id)) break
    page -= 1
  }
  return page
}

/** A stream's first value (none read ahead, the rest never asked for), or undefined when it has none. */
const firstOf = async <T>(stream: Observable<T>, signal: AbortSignal | undefined): Promise<T | undefined> => {
  for await (const value of toAsyncIterable(stream, { prefetch: 0, ...(signal === undefined ? {} : { signal }) }))
    return value
  return undefined
}

/**
 * The pages of a List Users export resumed from `resume`: each page's users not written before.
 * `pulled` reads a stream as the command does (its read-ahead, its interrupt).
 */
export async function* resumedListPages(
  client: IntercomClient,
  params: ListUsersParams,
  options: ListOptions,
  resume: UsersResume,
  pulled: (pages: Observable<UserPage>) => AsyncIterable<UserPage>,
  signal?: AbortSignal,
): AsyncGenerator<UserPage> {
  const page = await resumePage(client, params, resume, signal)
  for await (const p of pulled(listUserPages(client, { ...params, page }, options)))
    yield { ...p, users: unwritten(resume, p.users) }
}

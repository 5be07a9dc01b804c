/**
 * Intercom stops page iteration at 10,000 users: a request with page × per_page over the
 * cap gets HTTP 400. The rule is on the request, not on the users, so the users just under
 * the cap stay reachable with a smaller page (at per_page 60, page 167 is refused, but page
 * 250 at per_page 40 serves users 9,961 to 10,000). Pure planning of that request.
 *
 * @module
 */
import { intercomError, type IntercomError } from '../core/errors.js'
import { invalidParams } from '../core/validate.js'
import { MAX_PER_PAGE } from './params.js'

/** A request within the cap, and how many of its first users were already emitted. */
export interface PlannedPage {
  readonly page: number
  readonly perPage: number
  readonly skip: number
}

/**
 * The request that serves the users after the first `position` ones, at `perPage` when that
 * stays within the cap, else at the page size that reaches furthest (fewest skipped users on a
 * tie); `undefined` when `position` is at the cap.
 */
export const planPage = (cap: number, position: number, perPage: number): PlannedPage | undefined => {
  if (position >= cap) return undefined
  if (position % perPage === 0 && position + perPage <= cap) return { page: position / perPage + 1, perPage, skip: 0 }
  let best: PlannedPage | undefined
  let bestEnd = position
  for (let size = 1; size <= MAX_PER_PAGE; size++) {
    const page = Math.min(Math.floor(cap / size), Math.floor(position / size) + 1)
    const end = page * size
    const skip = position - (page - 1) * size
    if (page >= 1 && (end > bestEnd || (end === bestEnd && best !== undefined && skip < best.skip))) {
      best = { page, perPage: size, skip }
      bestEnd = end
    }
  }
  return best
}

/**
 * Whether a listing that starts at `page` of `perPage` starts past the cap: no request within it
 * serves its first user (`planPage` has nothing to plan).
 */
export const startsPastCap = (cap: number, page: number, perPage: number): boolean => (page - 1) * perPage >= cap

/** Whether a request for `page` at `perPage` is within the cap. */
export const withinCap = (cap: number, page: number, perPage: number): boolean => page * perPage <= cap

/** A listing whose first page lies past the cap on page iteration: the fault, before any request. */
export const startsPastCapFault = (cap: number, page: number, perPage: number): IntercomError<'InvalidParams'> =>
  invalidParams(
    'page',
    `page ${page} at perPage ${perPage} starts past Intercom's cap of ${cap} users on page iteration; ` +
      'use scrollUsers or allUsers to read past it. No request was sent.',
  )

/** Params the Scroll API cannot honour, for a listing past the cap. */
export const unscrollableParams = (
  given: ReadonlyArray<string>,
  total: number | undefined,
  cap: number,
): IntercomError<'InvalidParams'> =>
  invalidParams(
    'params',
    `allUsers: the listing has ${total ?? 'an unknown number of'} users, more than the ${cap} that page iteration reaches, ` +
      `and the Scroll API that reads past the cap takes no ${given.join(', ')}. Drop ${given.join(', ')} to read every user ` +
      "(in the scroll's order; createdSince is filtered on the client), or use listUsers for the first 10,000.",
  )

/** userChanges: more users changed since the watermark than page iteration reaches. */
export const changesPastCap = (since: number, cap: number): IntercomError<'PageLimitReached'> =>
  intercomError(
    'PageLimitReached',
    `userChanges: more than ${cap} users changed since the watermark (updated_at ${since}), and page iteration ` +
      `stops at ${cap} users, so the oldest of those changes cannot be reached. Export every user with allUsers ` +
      '(it reads past the cap over the Scroll API), then follow changes from the time that export started.',
  )

/** Where a listing of `query` starts: its first page, planned within the cap; `undefined` past it. */
export const firstPosition = (
  cap: number,
  query: { readonly page: number; readonly perPage: number },
): PlannedPage | undefined => {
  if (startsPastCap(cap, query.page, query.perPage)) return undefined
  return withinCap(cap, query.page, query.perPage)
    ? { page: query.page, perPage: query.perPage, skip: 0 }
    : planPage(cap, (query.page - 1) * query.perPage, query.perPage)
}

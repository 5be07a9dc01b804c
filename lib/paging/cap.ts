/**
 * Intercom stops page iteration at 10,000 users: a request with page × per_page over the
 * cap gets HTTP 400. The rule is on the request, not on the users, so the users just under
 * the cap stay reachable with a smaller page (at per_page 60, page 167 is refused, but page
 * 250 at per_page 40 serves users 9,961 to 10,000). Pure planning of that request.
 *
 * @module
 */
import { MAX_PER_PAGE } from '../users/params.js'

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

/**
 * What the command line writes, whichever way it reads: pages of users with their progress,
 * from List Users (`list`), the Scroll API (`--scroll`) or both (`--all`).
 *
 * @module
 */
import type { User } from '../codecs/user.js'
import type { ListUsersParams } from '../params.js'
import type { IntercomClient } from '../transport/client.js'
import { allUserPages, listUserPages, scrollUserPages, type ListOptions } from '../users.js'
import type { ScrollLockWait } from '../paginate/scroll-pages.js'
import { mapPulled, type PullableObservable } from '../paginate/pullable.js'

/**
 * Pages in flight by default: `npm run bench` measured concurrency 8 within 1.2× of the bound
 * that latency and the rate limit allow, at both of Intercom's limits (docs/benchmarks.md).
 */
export const DEFAULT_CONCURRENCY = 8

/** How the command reads the workspace. */
export type ReadMode = 'list' | 'scroll' | 'all'

/** A page of users to write, with what the progress line and summary need. */
export interface Batch {
  readonly users: ReadonlyArray<User>
  readonly usersSoFar: number
  readonly totalCount: number | undefined
  /** `page 3/20`, `scroll pass 1`: where the reading stands. */
  readonly label: string
  readonly warnings: ReadonlyArray<string>
  /** Which API served it: `List Users` or `the Scroll API`. */
  readonly path: 'pages' | 'scroll'
  readonly stoppedAtCap: boolean
}

/** The batches of a mode; pulled, the command holds the listing to what it has written. */
export const batches = (
  client: IntercomClient,
  mode: ReadMode,
  params: ListUsersParams,
  options: {
    readonly concurrency: number
    readonly limit: number | undefined
    readonly onLockWait?: (wait: ScrollLockWait) => void
  },
): PullableObservable<Batch> => {
  const scroll = options.onLockWait === undefined ? {} : { onLockWait: options.onLockWait }
  const list =
    options.limit === undefined
      ? { concurrency: options.concurrency }
      : { concurrency: options.concurrency, limit: options.limit }
  switch (mode) {
    case 'list':
      return mapPulled(listUserPages(client, params, list as ListOptions), (p) => ({
        users: p.users,
        usersSoFar: p.usersSoFar,
        totalCount: p.totalCount,
        label: `page ${p.page}/${p.totalPages}`,
        warnings: p.warnings,
        path: 'pages' as const,
        stoppedAtCap: p.stoppedAtCap,
      }))
    case 'scroll':
      return mapPulled(scrollUserPages(client, scroll), (p) => ({
        users: p.users,
        usersSoFar: p.usersSoFar,
        totalCount: undefined,
        label: `scroll pass ${p.pass}`,
        warnings: p.warnings,
        path: 'scroll' as const,
        stoppedAtCap: false,
      }))
    case 'all':
      return mapPulled(allUserPages(client, params, { concurrency: options.concurrency, ...scroll }), (p) => ({
        users: p.users,
        usersSoFar: p.usersSoFar,
        totalCount: p.totalCount,
        label: p.path === 'scroll' ? 'via the Scroll API' : 'via List Users',
        warnings: p.warnings,
        path: p.path,
        stoppedAtCap: false,
      }))
  }
}

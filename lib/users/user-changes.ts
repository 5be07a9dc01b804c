/**
 * Every change to the workspace's users after a watermark (API 1.x): List Users by `updated_at`,
 * newest first, down to the watermark, polled by the change strategy of `paging/changes.ts`.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { orThrow } from '../core/validate.js'
import { checkChangeOptions, versionsAfter, type ChangeOptions, type ChangeWatermark } from '../paging/changes.js'
import { changesPastCap } from './cap.js'
import { listPages } from './list-users.js'
import { MAX_PER_PAGE, type ListUsersParams } from './params.js'
import type { User } from './user.js'

/** A version of a user, and the watermark once it is emitted. */
export interface UserChange {
  readonly user: User
  readonly watermark: ChangeWatermark
}

/**
 * Every change to the workspace's users after a watermark, as it happens (API 1.x): each version of
 * a user (created or updated) once, in `updated_at` order, polling List Users sorted by
 * `updated_at`, newest first, down to the watermark, every `every` ms. Each change carries the
 * watermark after it: `userChanges(client, { since: watermark })` resumes with nothing lost and
 * nothing repeated. List Users does not lag, so `lagSeconds` defaults to 0 here. When more users
 * changed since the watermark than page iteration reaches (10,000), it fails with
 * `PageLimitReached`: export with `allUsers`, then follow from the time the export started.
 *
 * @example
 * ```ts
 * userChanges(client, { since: saved ?? Math.floor(Date.now() / 1000) - 3_600 }).subscribe(({ user, watermark }) => sync(user, watermark))
 * ```
 */
export const userChanges = (client: IntercomClient, options: ChangeOptions): PullableObservable<UserChange> =>
  pullable(
    async function* (signal: AbortSignal) {
      orThrow(checkChangeOptions(options))
      const params: ListUsersParams = { sort: 'updated_at', order: 'desc', perPage: options.perPage ?? MAX_PER_PAGE }
      const poll = async function* (mark: ChangeWatermark, inner: AbortSignal): AsyncGenerator<ReadonlyArray<User>> {
        for await (const page of listPages(client, params, {})(inner)) {
          yield page.users
          const oldest = page.users.at(-1)?.updated_at
          // Newest first: a page that reaches below the watermark is the last one needed.
          if (typeof oldest === 'number' && oldest < mark.updatedAt) return
          if (page.stoppedAtCap) throw changesPastCap(mark.updatedAt, client.pageCap)
        }
      }
      for await (const change of versionsAfter(
        poll,
        { lagSeconds: 0, now: () => client.serverNow(), ...options },
        signal,
      ))
        yield { user: change.record, watermark: change.watermark }
    },
    (change) => [change],
  )

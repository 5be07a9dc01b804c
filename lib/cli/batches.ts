/**
 * What the command writes, a batch at a time: the pages of the chosen listing (or the changes of
 * `--follow`), each as the records to write and what the progress and the checkpoint need. Pulled:
 * the next page is asked for when the command has written this one.
 *
 * @module
 */
import {
  and,
  contactChanges,
  toAsyncIterable,
  userChanges,
  where,
  type ChangeOptions,
  type ContactSyncEvent,
  type PullableObservable,
  type Concurrency,
  type Contact,
  type ContactQuery,
  type ContactRole,
  type ContactSort,
  type IntercomClient,
  type ListUsersParams,
  type User,
} from '../index.js'
import {
  allUserPages,
  exportContactPages,
  type ExportPosition,
  listContactPages,
  listUserPages,
  scrollUserPages,
  searchContactPages,
  type ContactPage,
  type ScrollLockWait,
  type ReconcileOptions,
} from '../pages.js'
import type { Observable } from 'rxjs'
import type { Checkpoint } from './checkpoint.js'
import type { ReadMode } from './command.js'
import { resumedListPages, unwritten, type UsersResume } from './resume-users.js'

/** A page of users to write, with what the progress line and summary need. */
/** The line `--follow --reconcile` writes for a contact gone (deleted, or a lead merged into a user). */
export type DeletionRecord = { readonly type: 'contact.deleted'; readonly id: string }

export interface Batch {
  /** The records to write: users, or contacts. */
  readonly users: ReadonlyArray<User | Contact | DeletionRecord>
  readonly usersSoFar: number
  readonly totalCount: number | undefined
  /** `page 3/20`, `scroll pass 1`: where the reading stands. */
  readonly label: string
  readonly warnings: ReadonlyArray<string>
  /** Which API served it: List Users, the Scroll API, `GET /contacts` or a contacts search. */
  readonly path: 'pages' | 'scroll' | 'contacts' | 'export' | 'search' | 'changes' | 'user changes'
  readonly stoppedAtCap: boolean
  /** What `--checkpoint` saves once this batch is written: where to resume after it. */
  readonly checkpoint?: Checkpoint
  /** Each record's JSON as received, in order, when the source kept it (written straight through to NDJSON). */
  readonly texts?: ReadonlyArray<string>
}

/** The batches of a mode; pulled, the command holds the listing to what it has written. */
export const batches = (
  client: IntercomClient,
  mode: ReadMode,
  params: ListUsersParams,
  options: {
    readonly concurrency: Concurrency
    readonly limit: number | undefined
    readonly onLockWait?: (wait: ScrollLockWait) => void
    /** With `contacts`: a role to keep, a search and its sort. */
    readonly contacts?: {
      readonly role: ContactRole | undefined
      readonly query: ContactQuery | undefined
      readonly sort: ContactSort | undefined
      readonly sequential?: boolean | undefined
    }
    /** `--follow`: every change after this start, endlessly, instead of a listing. */
    readonly changes?: ChangeOptions & { readonly reconcile?: ReconcileOptions }
    /** A users export resumed from `--checkpoint`: the users it wrote are not written again. */
    readonly resume?: UsersResume
    /** A parallel contacts export resumed from `--checkpoint`: where it stood. */
    readonly exportFrom?: ExportPosition
    /** Records are written whole as NDJSON: an export's pages keep each contact's text as received. */
    readonly withText?: boolean
    /** Pages read ahead of what is written (0 with `--limit`: no request past the last user wanted). */
    readonly prefetch: number
    /** Aborted (an interrupt): the request in flight is aborted and the pending batch rejects. */
    readonly signal?: AbortSignal
  },
): AsyncIterable<Batch> => {
  const pulled = <T>(stream: Observable<T>): AsyncIterable<T> =>
    toAsyncIterable(stream, {
      prefetch: options.prefetch,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
  const mapPulled = <T>(stream: Observable<T>, f: (t: T) => Batch): AsyncIterable<Batch> => mapEach(pulled(stream), f)
  const scroll = options.onLockWait === undefined ? {} : { onLockWait: options.onLockWait }
  const list =
    options.limit === undefined
      ? { concurrency: options.concurrency }
      : { concurrency: options.concurrency, limit: options.limit }
  const { resume } = options
  const fresh = (users: ReadonlyArray<User>): ReadonlyArray<User> =>
    resume === undefined ? users : unwritten(resume, users)
  /** What `--checkpoint` saves after a page of users (its sidecar's length is filled in when written). */
  const usersMark = (read: 'list' | 'scroll' | 'all', page: number): Checkpoint => ({
    kind: 'users',
    read,
    page,
    complete: false,
    idsBytes: 0,
  })
  switch (mode) {
    case 'list': {
      if (options.changes !== undefined) {
        let written = 0
        return mapPulled(userChanges(client, options.changes), (change) => ({
          users: [change.user],
          usersSoFar: (written += 1),
          totalCount: undefined,
          label: 'changes',
          warnings: [],
          path: 'user changes' as const,
          stoppedAtCap: false,
          checkpoint: { kind: 'changes' as const, watermark: change.watermark },
        }))
      }
      const pages =
        resume === undefined
          ? pulled(listUserPages(client, params, list))
          : resumedListPages(client, params, list, resume, pulled, options.signal)
      return mapEach(pages, (p) => ({
        users: p.users,
        usersSoFar: p.usersSoFar,
        totalCount: p.totalCount,
        label: `page ${p.page}/${p.totalPages}`,
        warnings: p.warnings,
        path: 'pages' as const,
        stoppedAtCap: p.stoppedAtCap,
        checkpoint: usersMark('list', p.page),
      }))
    }
    case 'scroll':
      return mapPulled(scrollUserPages(client, scroll), (p) => ({
        users: fresh(p.users),
        usersSoFar: p.usersSoFar,
        totalCount: undefined,
        label: `scroll pass ${p.pass}`,
        warnings: p.warnings,
        path: 'scroll' as const,
        stoppedAtCap: false,
        checkpoint: usersMark('scroll', 0),
      }))
    case 'contacts': {
      const { role, query, sort } = options.contacts ?? { role: undefined, query: undefined, sort: undefined }
      const { changes } = options
      if (changes !== undefined) {
        let written = 0
        const { reconcile } = changes
        const events: PullableObservable<ContactSyncEvent> =
          reconcile === undefined ? contactChanges(client, changes) : contactChanges(client, { ...changes, reconcile })
        return mapPulled(events, (change) => {
          // A deletion (or a lead merged away) is a line of its own kind, whatever the role.
          const kept =
            change.kind === 'deletion'
              ? [{ type: 'contact.deleted' as const, id: change.id }]
              : role === undefined || change.contact.role === role
                ? [change.contact]
                : []
          return {
            users: kept,
            usersSoFar: (written += kept.length),
            totalCount: undefined,
            label: 'changes',
            warnings: [],
            path: 'changes' as const,
            stoppedAtCap: false,
            checkpoint: { kind: 'changes' as const, watermark: change.watermark },
          }
        })
      }
      const { perPage, startingAfter } = params as { perPage?: number; startingAfter?: string }
      const paging = {
        ...(perPage === undefined ? {} : { perPage }),
        ...(startingAfter === undefined ? {} : { startingAfter }),
      }
      const batch =
        (path: 'contacts' | 'search') =>
        (p: ContactPage): Batch => ({
          users: role === undefined || query !== undefined ? p.contacts : p.contacts.filter((c) => c.role === role),
          usersSoFar: p.contactsSoFar,
          totalCount: p.totalCount,
          label: `page ${p.page}${p.totalPages === undefined ? '' : `/${p.totalPages}`}`,
          warnings: p.warnings,
          path,
          stoppedAtCap: false,
          checkpoint: { kind: 'export' as const, startingAfter: p.startingAfter },
        })
      const exportOptions = {
        ...(role === undefined ? {} : { role }),
        ...(options.exportFrom === undefined ? {} : { resume: options.exportFrom }),
        ...(options.withText === true ? { withText: true } : {}),
      }
      if (query === undefined && options.contacts?.sequential !== true)
        return mapPulled(exportContactPages(client, exportOptions), (p) => ({
          users: p.contacts,
          usersSoFar: p.contactsSoFar,
          totalCount: p.totalCount,
          label: `range ${p.rangesDone + 1} of ${p.ranges}`,
          warnings: p.notes,
          path: 'export' as const,
          stoppedAtCap: false,
          checkpoint: { kind: 'ranges' as const, position: p.position, complete: false },
          ...(p.texts === undefined ? {} : { texts: p.texts }),
        }))
      if (query === undefined) return mapPulled(listContactPages(client, paging), batch('contacts'))
      // A role with a search is one more filter of the search.
      const searched = role === undefined ? query : and(query, where('role', '=', role))
      return mapPulled(
        searchContactPages(client, searched, { ...paging, ...(sort === undefined ? {} : { sort }) }),
        batch('search'),
      )
    }
    case 'all':
      return mapPulled(allUserPages(client, params, { concurrency: options.concurrency, ...scroll }), (p) => ({
        users: fresh(p.users),
        usersSoFar: p.usersSoFar,
        totalCount: p.totalCount,
        label: p.path === 'scroll' ? 'via the Scroll API' : 'via List Users',
        warnings: p.warnings,
        path: p.path,
        stoppedAtCap: false,
        checkpoint: usersMark('all', 0),
      }))
  }
}

/** Each value of `source` as `f` maps it, pulled one at a time. */
async function* mapEach<A, B>(source: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const a of source) yield f(a)
}

/**
 * `exportContacts`: every contact once, as fast as the rate limit allows. A cursor cannot be
 * split, a search can: the export plans ranges of whole days of `created_at` (see
 * `export-plan.ts`), then walks each range's search cursor, many ranges at once inside the client's
 * rate limiter, and emits the contacts in `created_at` order (range by range), with a bounded read
 * ahead: the head range's pages go out as they come, the others' wait in a buffer of at most
 * `2 × concurrency` pages.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { orThrow } from '../core/validate.js'
import { autoConcurrency, checkConcurrency, type Concurrency } from '../paging/concurrency.js'
import { cursorPages } from '../paging/cursor.js'
import { IdSet } from '../paging/id-set.js'
import type { Contact, ContactRole } from './contact.js'
import { contactPaging, searchContactsEndpoint } from './endpoints.js'
import { planExport, rangeQuery, type DayRange } from './export-plan.js'
import { and, where, type ContactQuery } from './query.js'
import { validateContactQuery } from './query-rules.js'

/** How an export reads. */
export interface ExportContactsOptions {
  /** Only users, or only leads. */
  readonly role?: ContactRole
  /** A search query every range is ANDed with (at most one level of groups, so the range fits). */
  readonly query?: ContactQuery
  /** Ranges walked at once: `'auto'` (default: the rate limit's room × latency, up to 64) or a number. */
  readonly concurrency?: Concurrency
}

/** A page of an export, with its progress. */
export interface ExportPage {
  readonly contacts: ReadonlyArray<Contact>
  /** The range it belongs to (0-based) and how many the plan made. */
  readonly range: number
  readonly ranges: number
  /** Contacts emitted so far, this page's included, and how many the plan counted. */
  readonly contactsSoFar: number
  readonly totalCount: number
  /** Requests sent to plan the export. */
  readonly probes: number
}

/** The most ranges walked at once with `'auto'`: a page of 150 contacts is about 200 KB, 64 of them in flight 13 MB. */
export const EXPORT_CEILING = 64

const PER_PAGE = 150

/** The filter every range is ANDed with: the role and the caller's query. */
const filterOf = (options: ExportContactsOptions): ContactQuery | undefined => {
  const parts = [
    ...(options.role === undefined ? [] : [where('role', '=', options.role)]),
    ...(options.query === undefined ? [] : [options.query]),
  ]
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : and(...parts)
}

interface Walk {
  readonly pages: AsyncGenerator<{ readonly items: ReadonlyArray<Contact> }>
  readonly buffered: Array<ReadonlyArray<Contact>>
  done: boolean
  reading: boolean
}

/** The pages of an export, in `created_at` order, range after range. */
const exportPagesOf = (client: IntercomClient, options: ExportContactsOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<ExportPage> {
    const concurrency = orThrow(checkConcurrency(options.concurrency)) ?? 'auto'
    const filter = filterOf(options)
    // The filter with a range around it must still be a query Intercom takes.
    orThrow(validateContactQuery(rangeQuery({ from: 0, to: 86_400 }, filter)))
    const { ranges, probes, total } = await planExport(client, filter, signal)
    const sort = { field: 'created_at', order: 'ascending' } as const
    const walks: Walk[] = ranges.map((range: DayRange) => ({
      pages: cursorPages(
        client,
        searchContactsEndpoint(client, { query: rangeQuery(range, filter), sort, perPage: PER_PAGE }),
        undefined,
        signal,
        contactPaging,
      ),
      buffered: [],
      done: false,
      reading: false,
    }))
    const pagesLeft = (): number => ranges.reduce((n, r) => n + Math.ceil(r.count / PER_PAGE), 0)
    const seen = new IdSet()
    const inFlight = new Set<Promise<void>>()
    let bufferedPages = 0
    let head = 0
    let soFar = 0
    const width = (): number =>
      concurrency === 'auto'
        ? autoConcurrency(client.limiter.budget(), { inFlight: inFlight.size, pagesLeft: pagesLeft() }, EXPORT_CEILING)
        : concurrency
    // A read's failure is kept and thrown by the loop (never left unhandled while a page is out).
    let failure: { readonly error: unknown } | undefined
    const read = (walk: Walk): void => {
      walk.reading = true
      const tracked: Promise<void> = walk.pages
        .next()
        .then(
          (result) => {
            walk.reading = false
            if (result.done === true) walk.done = true
            else {
              walk.buffered.push(result.value.items)
              bufferedPages += 1
            }
          },
          (error: unknown) => {
            failure ??= { error }
          },
        )
        .finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    }
    try {
      while (head < walks.length) {
        // Start reads: the head range always; the others while the buffer has room.
        for (let i = head; i < walks.length && inFlight.size < width(); i++) {
          const walk = walks[i]
          if (walk.done || walk.reading) continue
          if (i !== head && bufferedPages >= 2 * width()) break
          read(walk)
        }
        const current = walks[head]
        while (current.buffered.length > 0) {
          const items = current.buffered.shift() ?? []
          bufferedPages -= 1
          const contacts = items.filter((c) => seen.add(c.id))
          soFar += contacts.length
          yield { contacts, range: head, ranges: walks.length, contactsSoFar: soFar, totalCount: total, probes }
        }
        if (current.done) {
          head += 1
          continue
        }
        if (inFlight.size > 0) await Promise.race(inFlight)
        if (failure !== undefined) throw failure.error
      }
    } finally {
      // Leaving early (take, an error, an unsubscribe) ends every walk; their requests are aborted with the signal.
      await Promise.allSettled([...inFlight])
      await Promise.allSettled(walks.map((w) => w.pages.return(undefined)))
    }
  }

/**
 * The pages of {@link exportContacts}, with progress (the range, contacts of the plan's count).
 *
 * @example
 * ```ts
 * exportContactPages(client).subscribe((p) => console.log(`range ${p.range + 1}/${p.ranges}: ${p.contactsSoFar}/${p.totalCount}`))
 * ```
 */
export const exportContactPages = (
  client: IntercomClient,
  options: ExportContactsOptions = {},
): PullableObservable<ExportPage> => pullable(exportPagesOf(client, options), (page) => [page])

/**
 * Every contact once, as fast as the rate limit allows: the timeline of `created_at` cut into
 * ranges of whole days (measured by the search's `total_count`), whose search cursors are walked
 * many at once inside the client's rate limiter; contacts come in `created_at` order. Takes the
 * role and a query to AND with. What "every" means: each contact that exists when the export
 * starts (and has been searchable for the search's lag) and still exists at its end, once;
 * follow it with {@link contactChanges} from the export's start to close the gap. See
 * docs/contacts.md.
 *
 * @example
 * ```ts
 * exportContacts(client, { role: 'user' }).pipe(bufferCount(500), concatMap(saveBatch))
 * ```
 */
export const exportContacts = (
  client: IntercomClient,
  options: ExportContactsOptions = {},
): PullableObservable<Contact> => pullable(exportPagesOf(client, options), (page) => page.contacts)

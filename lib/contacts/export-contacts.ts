/**
 * `exportContacts`: every contact once, as fast as the rate limit allows. A cursor cannot be split, a
 * search can: the export reads the first page of the timeline (by `created_at`, 150 a page) and
 * the newest contact at once; a range whose first page says it holds more is cut into up to 8
 * ranges of whole days (`export-plan.ts`), each read the same way, all at once inside the rate
 * limiter. A range's first page is its probe and its data; a day too dense to cut is walked by its
 * cursor. Contacts come in `created_at` order, with a read ahead of 4 pages a request in flight.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import type { PageRead } from '../core/endpoint.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { readPage } from '../core/read-page.js'
import { orThrow } from '../core/validate.js'
import { autoConcurrency, checkConcurrency } from '../paging/concurrency.js'
import { cursorPages } from '../paging/cursor.js'
import { IdSet } from '../paging/id-set.js'
import type { Contact } from './contact.js'
import type { ContactList } from './contact-list.js'
import { contactPaging, searchContactsEndpoint } from './endpoints.js'
import {
  DAY,
  FAN_OUT,
  MAX_LEAF_PAGES,
  PER_PAGE,
  daysIn,
  denseDayNote,
  everything,
  filterOf,
  positionAfter,
  rangeQuery,
  splitRange,
  validateExportPosition,
  type DayRange,
  type ExportContactsOptions,
  type ExportPage,
  unseen,
  type BufferedPage,
} from './export-plan.js'
import type { ContactQuery } from './query.js'
import { validateContactQuery } from './query-rules.js'

/** The most requests at once with `'auto'`: a page of 150 contacts is about 200 KB, 64 of them 13 MB. */
export const EXPORT_CEILING = 64

/** A page of the search as the kernel reads it. */
type Read = PageRead<string | undefined, ContactList, Contact>

/** A range in the export's order: waiting for its first page, or read (pages buffered, maybe more to walk). */
interface Slot {
  readonly range: DayRange
  readonly query: ContactQuery
  buffered: BufferedPage[]
  /** The rest of a range read to its end by its cursor (one day too dense to cut). */
  rest?: AsyncGenerator<Read>
  state: 'waiting' | 'reading' | 'read' | 'done'
}

const exportPagesOf = (client: IntercomClient, options: ExportContactsOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<ExportPage> {
    const concurrency = orThrow(checkConcurrency(options.concurrency)) ?? 'auto'
    const resume = options.resume === undefined ? undefined : orThrow(validateExportPosition(options.resume))
    const filter = filterOf(options)
    // The filter with a range around it must still be a query Intercom takes.
    orThrow(validateContactQuery(rangeQuery({ from: 0, to: DAY }, filter)))
    const endpointOf = (query: ContactQuery, perPage = PER_PAGE, order: 'asc' | 'desc' = 'asc') =>
      searchContactsEndpoint(client, { query, sort: { field: 'created_at', order }, perPage })
    const first = (query: ContactQuery) => readPage(client, endpointOf(query), undefined, signal)
    const walk = (query: ContactQuery, cursor: string) =>
      cursorPages(client, endpointOf(query), cursor, signal, contactPaging)
    // Resumed: the rest of the range left open by its cursor, then the timeline from its end.
    const open = resume?.open === undefined ? undefined : { from: resume.from, ...resume.open }
    const headQuery = everything(filter, open?.to ?? resume?.from ?? 0)
    const [sentAt, before] = [Date.now(), client.serverNow()]
    const [head, newest] = await Promise.all([
      first(headQuery),
      readPage(client, endpointOf(everything(filter), 1, 'desc'), undefined, signal),
    ])
    // Intercom's clock once an answer has told it, taken back to when the first requests left.
    const startedAt = Math.min(before, client.serverNow() - Math.ceil((Date.now() - sentAt) / 1000))
    const total = head.page.total_count ?? head.items.length
    const earliest = head.items[0]?.created_at
    const latest = newest.items[0]?.created_at
    // Ranges of up to this many pages are walked, not cut: about 2 × the ceiling of them, so the
    // last, partial page of each costs little when the export is rate-bound, and there are enough
    // of them to keep the ceiling's requests busy when it is latency-bound.
    const leafPages = Math.min(MAX_LEAF_PAGES, Math.max(1, Math.ceil(total / PER_PAGE / (2 * EXPORT_CEILING))))
    let probes = 1
    const notes: string[] = []
    const slots: Slot[] = []
    const seen = new IdSet()
    let soFar = 0
    let rangesDone = 0
    let bufferedPages = 0
    const inFlight = new Set<Promise<void>>()
    let failure: { readonly error: unknown } | undefined

    const withText = options.withText === true
    const buffer = (slot: Slot, { items, text }: Read, next: string | undefined): void => {
      slot.buffered.push({ items, position: positionAfter(slot.range, next), text: withText ? text : undefined })
      bufferedPages += 1
    }
    /** What a range's first page decides: it is the whole range, the start of a dense day, or the range is cut. */
    const settle = (slot: Slot, read: Read): void => {
      const count = read.page.total_count ?? read.items.length
      if (read.next === undefined || count <= read.items.length) {
        buffer(slot, read, undefined)
        slot.state = 'done'
      } else if (daysIn(slot.range) <= 1 || count <= leafPages * PER_PAGE) {
        if (count > leafPages * PER_PAGE) notes.push(denseDayNote(slot.range, count, leafPages))
        buffer(slot, read, read.next)
        slot.rest = walk(slot.query, read.next)
        slot.state = 'read'
      } else {
        probes += 1
        const parts = Math.min(FAN_OUT, Math.ceil(count / (leafPages * PER_PAGE)))
        const children = splitRange(slot.range, parts).map((range): Slot => ({
          range,
          query: rangeQuery(range, filter),
          buffered: [],
          state: 'waiting',
        }))
        slots.splice(slots.indexOf(slot), 1, ...children)
      }
    }
    const track = (slot: Slot, work: Promise<void>): void => {
      slot.state = slot.state === 'waiting' ? 'reading' : slot.state
      const tracked: Promise<void> = work
        .catch((error: unknown) => {
          failure ??= { error }
        })
        .finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    }
    const start = (slot: Slot): void => {
      if (slot.rest !== undefined) {
        const rest = slot.rest
        slot.state = 'reading'
        track(
          slot,
          rest.next().then((r) => {
            if (r.done === true) slot.state = 'done'
            else {
              buffer(slot, r.value, r.value.next)
              slot.state = 'read'
            }
          }),
        )
      } else
        track(
          slot,
          first(slot.query).then((read) => settle(slot, read)),
        )
    }
    const width = (): number =>
      concurrency === 'auto'
        ? autoConcurrency(
            client.limiter.budget(),
            { inFlight: inFlight.size, pagesLeft: Math.ceil((total - soFar) / PER_PAGE) },
            EXPORT_CEILING,
          )
        : concurrency

    if (open !== undefined) {
      const query = rangeQuery(open, filter)
      slots.push({ range: open, query, buffered: [], rest: walk(query, open.startingAfter), state: 'read' })
    }
    if (total > 0 && typeof earliest === 'number') {
      const root: Slot = {
        range: { from: earliest, to: Math.max(earliest, typeof latest === 'number' ? latest : earliest) + DAY },
        query: headQuery,
        buffered: [],
        state: 'reading',
      }
      slots.push(root)
      settle(root, head)
    }
    try {
      while (slots.length > 0) {
        const room = width()
        for (const slot of slots) {
          if (inFlight.size >= room) break
          const startable = slot.state === 'waiting' || (slot.state === 'read' && slot.rest !== undefined)
          if (!startable) continue
          if (slot !== slots[0] && bufferedPages >= leafPages * room) break
          start(slot)
        }
        const current = slots[0]
        for (let page = current.buffered.shift(); page !== undefined; page = current.buffered.shift()) {
          bufferedPages -= 1
          const fresh = unseen(page, seen)
          soFar += fresh.contacts.length
          yield {
            ...fresh,
            contactsSoFar: soFar,
            totalCount: total,
            rangesDone,
            ranges: rangesDone + slots.length,
            probes,
            position: page.position,
            startedAt,
            notes: notes.splice(0),
          }
        }
        if (current.state === 'done' && slots[0] === current) {
          slots.shift()
          rangesDone += 1
          continue
        }
        if (inFlight.size > 0) await Promise.race(inFlight)
        if (failure !== undefined) throw failure.error
      }
    } finally {
      // Leaving early (take, an error, an unsubscribe) ends every walk; their requests are aborted with the signal.
      await Promise.allSettled([...inFlight])
      await Promise.allSettled(slots.flatMap((s) => (s.rest === undefined ? [] : [s.rest.return(undefined)])))
    }
  }

/**
 * The pages of {@link exportContacts}, with progress (contacts of the first page's count, ranges).
 *
 * @example
 * ```ts
 * exportContactPages(client).subscribe((p) => console.log(`${p.contactsSoFar}/${p.totalCount}, ${p.rangesDone} ranges done`))
 * ```
 */
export const exportContactPages = (
  client: IntercomClient,
  options: ExportContactsOptions = {},
): PullableObservable<ExportPage> => pullable(exportPagesOf(client, options), (page) => [page])

/**
 * Every contact once, as fast as the rate limit allows: the timeline of `created_at` cut into
 * ranges of whole days as the search's `total_count` tells, whose pages are read many at once
 * inside the client's rate limiter; contacts come in `created_at` order. Takes the role and a
 * query to AND with. What "every" means: each contact that exists when the export starts (and
 * has been searchable for the search's lag) and still exists at its end, once; follow it with
 * {@link contactChanges} from the export's start to close the gap. See docs/contacts.md.
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

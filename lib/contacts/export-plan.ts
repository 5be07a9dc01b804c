/**
 * The ranges of a partitioned export: whole days of `created_at`, which tile the timeline exactly.
 * `created_at` never changes, and a range `AND(OR(> a, = a), < b)` holds the contacts created from
 * the calendar day of `a` up to (not including) the day of `b` in the workspace's time zone: ranges
 * whose bounds are shared tile the timeline whatever that zone is, each contact in exactly one.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { isUnixSeconds, mustBe, type Checked } from '../core/validate.js'
import { arrayElementTexts } from '../core/array-texts.js'
import type { Concurrency } from '../paging/concurrency.js'
import type { IdSet } from '../paging/id-set.js'
import type { Contact, ContactRole } from './contact.js'
import { and, or, where, type ContactQuery } from './query.js'

export const DAY = 86_400
/** Contacts a page: the most the search allows. */
export const PER_PAGE = 150
/** The most pages a range walked by its cursor holds: the read ahead of the ordered output is this × the requests at once. */
export const MAX_LEAF_PAGES = 4
/** How many ranges a range is cut into. */
export const FAN_OUT = 8

/** Created from the calendar day of `from` up to, not including, the day of `to` (Unix seconds). */
export interface DayRange {
  readonly from: number
  readonly to: number
}

/** The search for a range, ANDed with the caller's filter. */
export const rangeQuery = (range: DayRange, filter: ContactQuery | undefined): ContactQuery =>
  and(
    or(where('created_at', '>', range.from), where('created_at', '=', range.from)),
    where('created_at', '<', range.to),
    ...(filter === undefined ? [] : [filter]),
  )

/** Every contact the filter keeps created from the calendar day of `from` on (the epoch's: all of them). */
export const everything = (filter: ContactQuery | undefined, from = 0): ContactQuery =>
  and(or(where('created_at', '>', from), where('created_at', '=', from)), ...(filter === undefined ? [] : [filter]))

/** Whole days in a range. */
export const daysIn = (range: DayRange): number => Math.max(1, Math.round((range.to - range.from) / DAY))

/** A range cut into `parts` ranges of whole days, as even as days allow, sharing their bounds. */
export const splitRange = (range: DayRange, parts: number): DayRange[] => {
  const days = daysIn(range)
  const n = Math.max(1, Math.min(parts, days))
  const bounds = Array.from({ length: n + 1 }, (_, i) =>
    i === n ? range.to : range.from + Math.floor((i * days) / n) * DAY,
  )
  return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1] ?? range.to }))
}

/**
 * Where an export stands, to resume it: the export comes in `created_at` order, range by range,
 * so every contact created before the calendar day of `from` has been emitted; with `open`, so
 * have the contacts of the range from `from` up to `open.to` as far as its cursor. A resumed
 * export reads the rest of that range by its cursor, then plans the rest of the timeline anew.
 */
export interface ExportPosition {
  readonly from: number
  readonly open?: { readonly to: number; readonly startingAfter: string }
}

/** The position after a page of `range`: its end when the page was its last, else its cursor. */
export const positionAfter = (range: DayRange, next: string | undefined): ExportPosition =>
  next === undefined ? { from: range.to } : { from: range.from, open: { to: range.to, startingAfter: next } }

/**
 * A position to resume from, as an export's page gave it (read back from a file, say), or what is
 * wrong with it.
 *
 * @example
 * ```ts
 * const checked = validateExportPosition(JSON.parse(savedPosition))
 * if (checked._tag === 'Right') exportContacts(client, { resume: checked.right }).subscribe(save)
 * ```
 */
export const validateExportPosition = (u: unknown): Checked<ExportPosition> => {
  const p = u as { from?: unknown; open?: { to?: unknown; startingAfter?: unknown } } | null
  const allowed =
    "an ExportPage's position: { from: Unix seconds, open?: { to: later Unix seconds, startingAfter: a cursor } }"
  if (p === null || typeof p !== 'object' || !isUnixSeconds(p.from)) return E.left(mustBe('resume', allowed, p))
  if (p.open === undefined) return E.right({ from: p.from })
  const { to, startingAfter } = p.open ?? {}
  return isUnixSeconds(to) && to > p.from && typeof startingAfter === 'string' && startingAfter.length > 0
    ? E.right({ from: p.from, open: { to, startingAfter } })
    : E.left(mustBe('resume.open', allowed, p.open))
}

/** A page of an export, with its progress. */
export interface ExportPage {
  readonly contacts: ReadonlyArray<Contact>
  /** Contacts emitted so far, this page's included, and how many the first page counted. */
  readonly contactsSoFar: number
  readonly totalCount: number
  /** Ranges read to their end so far, and ranges known (cutting a range makes more). */
  readonly rangesDone: number
  readonly ranges: number
  /** Requests whose page was not emitted: the newest contact's, and each cut range's first page. */
  readonly probes: number
  /** Where the export stands after this page: give it as `resume` to go on from here in another run. */
  readonly position: ExportPosition
  /**
   * When the export began on Intercom's clock (Unix seconds, from the answers' `Date`): what was
   * created, changed or deleted since, and what the search had not shown yet, comes through
   * `contactChanges(client, { since: startedAt - 300 })` (the search lags by minutes).
   */
  readonly startedAt: number
  /**
   * With `withText`: each contact's JSON as the answer held it, in the order of `contacts` (one
   * line each). Absent when the answer's text could not be split so; the codec checked each anyway.
   */
  readonly texts?: ReadonlyArray<string>
  /** Why the export is slower than the rate limit allows, said once on the page after it is known (a dense day). */
  readonly notes: ReadonlyArray<string>
}

/**
 * Why a day is read one page after another: the search compares dates by whole days, and no
 * other field splits a day exactly (see docs/contacts.md).
 */
export const denseDayNote = (range: DayRange, count: number, pages: number): string =>
  `the day of ${new Date(range.from * 1000).toISOString().slice(0, 10)} (UTC) holds ${count} contacts, ` +
  `more than the ${pages} pages a range is cut to; the search cannot cut a day, so it is read by its cursor, ` +
  `one page after another: slower than the rate limit allows`

/** A page of a range read and waiting for its turn, and the position after it; its answer's text when asked for. */
export interface BufferedPage {
  readonly items: ReadonlyArray<Contact>
  readonly position: ExportPosition
  readonly text: string | undefined
}

/** A buffered page's contacts not seen before (remembered as seen), and their texts as received when it kept its answer's. */
export const unseen = (page: BufferedPage, seen: IdSet): Pick<ExportPage, 'contacts' | 'texts'> => {
  const kept = page.items.map((c) => seen.add(c.id))
  const contacts = page.items.filter((_, i) => kept[i])
  const texts = page.text === undefined ? undefined : arrayElementTexts(page.text, 'data')
  return texts?.length === page.items.length ? { contacts, texts: texts.filter((_, i) => kept[i]) } : { contacts }
}

/** How an export reads. */
export interface ExportContactsOptions {
  /** Only users, or only leads. */
  readonly role?: ContactRole
  /** A search query every range is ANDed with (at most one level of groups, so the range fits). */
  readonly query?: ContactQuery
  /** Requests at once: `'auto'` (default: the rate limit's room × latency, up to 64) or a number. */
  readonly concurrency?: Concurrency
  /** Resume after the page whose `position` this is (see {@link exportContactPages}). */
  readonly resume?: ExportPosition
  /**
   * Each page also carries each contact's JSON as received (`ExportPage.texts`), for writing it
   * straight through (NDJSON) without serialising the decoded contact again. Default false.
   */
  readonly withText?: boolean
}

/** The filter every range is ANDed with: the role and the caller's query. */
export const filterOf = (options: ExportContactsOptions): ContactQuery | undefined => {
  const parts = [
    ...(options.role === undefined ? [] : [where('role', '=', options.role)]),
    ...(options.query === undefined ? [] : [options.query]),
  ]
  return parts.length <= 1 ? parts[0] : and(...parts)
}

/**
 * The cursor strategy (the Contacts API's listing and search): read a page after a cursor, and
 * follow the cursor its endpoint gives when asked for the next page. The end is the endpoint's
 * `undefined`; a cursor given twice is a loop. A cursor cannot be split: one page after another.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import type { Endpoint, PageRead } from '../core/endpoint.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import { readPage } from '../core/read-page.js'

/** A page read after a cursor, numbered from the walk's start. */
export type CursorRead<Page, Item> = PageRead<string | undefined, Page, Item> & {
  /** This page's number in the walk, from 1. */
  readonly counted: number
}

/** A cursor's endpoint gives a cursor it gave before. */
export const nextRepeatsCursor = (cursor: string, page: number, url: string): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `pages.next after page ${page} gives a cursor already followed (starting_after ${JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor)}); ` +
      'the server is looping, so the listing stops instead of repeating contacts.',
    { url },
  )

/** Pages a walk may read past the largest `total_pages` it was told: records created during the walk add some. */
export const pagesOfSlack = (totalPages: number): number => Math.max(2, Math.ceil(totalPages / 10))

/** A cursor that goes on past every page the server said there are. */
export const cursorPastTotal = (page: number, totalPages: number, url: string): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `pages.next after page ${page} gives yet another cursor, though the server counts ${totalPages} pages ` +
      `(and ${pagesOfSlack(totalPages)} more were allowed for records created meanwhile); the cursor does not end, so the ` +
      'listing stops instead of reading without bound.',
    { url },
  )

/** What a cursor walk reads of a page beside its items: its number and the pages the server counts. */
export interface CursorShape<Page> {
  /** A page's number for a message: the server's, else the walk's count. */
  readonly pageOf?: (page: Page, counted: number) => number
  /** The server's `total_pages`, when it says. */
  readonly totalPagesOf?: (page: Page) => number | undefined
}

/**
 * Every page of a cursor walk from `start` on (the first page without one), each read when
 * asked for. A cursor given twice, or one past the largest `total_pages` the pages told (plus
 * {@link pagesOfSlack}), is a loop.
 */
export async function* cursorPages<Page, Item>(
  client: IntercomClient,
  endpoint: Endpoint<string | undefined, Page, Item>,
  start: string | undefined,
  signal: AbortSignal,
  shape: CursorShape<Page> = {},
): AsyncGenerator<CursorRead<Page, Item>> {
  const pageOf = shape.pageOf ?? ((_page: Page, counted: number) => counted)
  const followed = new Set<string>()
  let cursor = start
  let total = 0
  for (let counted = 1; ; counted++) {
    const read = await readPage(client, endpoint, cursor, signal)
    const { next } = read
    if (next !== undefined && (followed.has(next) || next === cursor))
      throw nextRepeatsCursor(next, pageOf(read.page, counted), read.url)
    total = Math.max(total, shape.totalPagesOf?.(read.page) ?? 0)
    if (next !== undefined && total > 0 && counted >= total + pagesOfSlack(total))
      throw cursorPastTotal(pageOf(read.page, counted), total, read.url)
    yield { ...read, counted }
    if (next === undefined) return
    followed.add(next)
    cursor = next
  }
}

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

/**
 * Every page of a cursor walk from `start` on (the first page without one), each read when
 * asked for. `pageOf` names a page's number for a message (the server's, else the walk's count).
 */
export async function* cursorPages<Page, Item>(
  client: IntercomClient,
  endpoint: Endpoint<string | undefined, Page, Item>,
  start: string | undefined,
  signal: AbortSignal,
  pageOf: (page: Page, counted: number) => number = (_page, counted) => counted,
): AsyncGenerator<CursorRead<Page, Item>> {
  const followed = new Set<string>()
  let cursor = start
  for (let counted = 1; ; counted++) {
    const read = await readPage(client, endpoint, cursor, signal)
    const { next } = read
    if (next !== undefined && (followed.has(next) || next === cursor))
      throw nextRepeatsCursor(next, pageOf(read.page, counted), read.url)
    yield { ...read, counted }
    if (next === undefined) return
    followed.add(next)
    cursor = next
  }
}

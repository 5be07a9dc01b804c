/**
 * The numbered-pages strategy (List Users): read a page at a position and follow the position
 * its endpoint gives, one request at a time; or, in parallel, let the first page tell how many
 * pages there are and read the pages after it through an ordered window of requests in flight,
 * each yielded in page order.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import type { Endpoint, PageRead } from '../core/endpoint.js'
import { readPage } from '../core/read-page.js'
import { autoConcurrency, type Concurrency } from './concurrency.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A page to ask for; `skip`: items at its start already emitted (a page planned at a cap overlaps). */
export interface NumberedPosition {
  readonly page: number
  readonly perPage: number
  readonly skip: number
}

/** A numbered endpoint, and what the strategy reads of its pages. */
export interface NumberedWalk<Page, Item> {
  readonly endpoint: Endpoint<NumberedPosition, Page, Item>
  /** Pages in the listing, as the server counts them. */
  readonly totalPages: (page: Page) => number
  /** Items in the listing, as the server counts them (absent if it did not say). */
  readonly totalCount: (page: Page) => number | undefined
  /** The last page number that may be asked for in parallel (a cap on page iteration). */
  readonly lastPage: (perPage: number) => number
}

/** A page read, and the pages in flight allowed when it was asked for. */
export type NumberedRead<Page, Item> = PageRead<NumberedPosition, Page, Item> & { readonly concurrency: number }

/** How often a page served out of order is read again before the listing accepts it (deletions also lower the total). */
const MAX_REREADS = 2

// -------------------------------------------------------------------------------------
// strategies
// -------------------------------------------------------------------------------------

/** The pages from `position` on, one request at a time. */
async function* sequential<Page, Item>(
  client: IntercomClient,
  endpoint: Endpoint<NumberedPosition, Page, Item>,
  position: NumberedPosition | undefined,
  signal: AbortSignal,
): AsyncGenerator<NumberedRead<Page, Item>> {
  while (position !== undefined) {
    const read = await readPage(client, endpoint, position, signal)
    yield { ...read, concurrency: 1 }
    position = read.next
  }
}

/**
 * The pages after the first (`head`) with up to `concurrency` requests in flight (`auto`: as
 * many as {@link autoConcurrency} picks before each request), yielded in page order; while the
 * consumer holds a page, one fewer are in flight. Every page's own next position is still
 * checked, and a listing longer than `total_pages` said goes on sequentially from the last
 * page's next.
 */
async function* parallel<Page, Item>(
  client: IntercomClient,
  walk: NumberedWalk<Page, Item>,
  head: PageRead<NumberedPosition, Page, Item>,
  concurrency: Concurrency,
  maxItems: number,
  signal: AbortSignal,
): AsyncGenerator<NumberedRead<Page, Item>> {
  const { endpoint } = walk
  const { page: first, perPage } = head.position
  const start = (first - 1) * perPage
  const last = Math.min(walk.totalPages(head.page), walk.lastPage(perPage), Math.ceil((start + maxItems) / perPage))
  if (head.next === undefined || last <= first || head.items.length < perPage) {
    yield { ...head, concurrency: 1 }
    yield* sequential(client, endpoint, head.next, signal)
    return
  }
  type Reading = Promise<PageRead<NumberedPosition, Page, Item>>
  const window: Array<{ readonly reading: Reading; readonly size: number }> = []
  const at = (page: number): NumberedPosition => ({ page, perPage, skip: 0 })
  let launched = first
  /** Fills the window up to what the concurrency allows now, one fewer while the consumer holds a page. */
  const launch = (holding: number): void => {
    for (;;) {
      const size =
        concurrency === 'auto'
          ? autoConcurrency(client.limiter.budget(), { inFlight: window.length, pagesLeft: last - launched })
          : concurrency
      // One page is always on its way, however low the pick: the window never runs dry before the last page.
      if (launched >= last || (window.length > 0 && window.length >= size - holding)) return
      launched += 1
      const reading = readPage(client, endpoint, at(launched), signal)
      // Handled here too, so a request that fails while an earlier page is awaited is no unhandled rejection.
      reading.catch(() => undefined)
      window.push({ reading, size })
    }
  }
  launch(1)
  yield { ...head, concurrency: 1 }
  let previous = head
  while (window.length > 0) {
    launch(0)
    const { reading, size } = window.shift() as { reading: Reading; size: number }
    let current = await reading
    /**
     * A page served before its predecessor, while items were created in between, may start past
     * where its predecessor ended (the listing shifted down between the two): the items at the
     * seam would be missed. Its total tells: lower than the predecessor's, it is read again, now
     * that the predecessor is in (a sequential listing's order of events).
     */
    for (let rereads = 0; rereads < MAX_REREADS; rereads++) {
      const [now, before] = [walk.totalCount(current.page), walk.totalCount(previous.page)]
      if (now === undefined || before === undefined || now >= before) break
      current = await readPage(client, endpoint, at(current.position.page), signal)
    }
    previous = current
    launch(1)
    yield { ...current, concurrency: size }
  }
  if (previous.position.page === last) yield* sequential(client, endpoint, previous.next, signal)
}

/**
 * Every page of a numbered walk from its first page (`head`, already read) on, each read when
 * asked for, `concurrency` requests at a time (within `walk.lastPage`, and within `maxItems`).
 */
export const numberedPages = <Page, Item>(
  client: IntercomClient,
  walk: NumberedWalk<Page, Item>,
  head: PageRead<NumberedPosition, Page, Item>,
  concurrency: Concurrency,
  maxItems: number,
  signal: AbortSignal,
): AsyncGenerator<NumberedRead<Page, Item>> =>
  concurrency === 1
    ? prepend({ ...head, concurrency: 1 }, sequential(client, walk.endpoint, head.next, signal))
    : parallel(client, walk, head, concurrency, maxItems, signal)

async function* prepend<T>(first: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield first
  yield* rest
}

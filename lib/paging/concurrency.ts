/**
 * How many pages a listing keeps in flight: a fixed number, or `auto`, which follows what the
 * answers say. `auto` goes to its ceiling while the pages left fit in what the rate-limit window
 * has left (the listing is latency-bound: more in flight is faster); when they do not (the
 * listing is rate-bound), it keeps in flight what spends the window's room evenly until its
 * reset at the latency measured (Little's law: rate × latency), so the window is neither burst at
 * its start nor left idle; it halves after a 429. Before any answer has told the limit it starts
 * small and grows as answers come back (a slow start). It is always inside the client's rate limiter,
 * which every stream of the client shares, so together they never pass the window.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { mustBe, type Checked } from '../core/validate.js'
import type { RateBudget } from '../transport/rate-limiter.js'

/** Pages in flight: a fixed number (1 reads one page after the other), or `'auto'`. */
export type Concurrency = number | 'auto'

/** A `concurrency` that is `'auto'` or a whole number from 1 (undefined: the listing's default). */
export const checkConcurrency = (concurrency: unknown): Checked<Concurrency | undefined> =>
  concurrency === undefined || concurrency === 'auto' || (Number.isInteger(concurrency) && (concurrency as number) >= 1)
    ? E.right(concurrency as Concurrency | undefined)
    : E.left(mustBe('concurrency', "'auto' or an integer >= 1", concurrency))

/**
 * The most pages `auto` keeps in flight. Chosen by measurement (`npm run bench`,
 * docs/benchmarks.md: 10,000 users through the command line on a 2-core machine): 32 in flight
 * read them in 2.51 s at 300 ms of latency (1.05× what 32 allow) and 0.90 s at 100 ms, against
 * 4.36 s and 1.55 s for 16; at 20 ms the listing is CPU-bound whatever the ceiling. 64 won a
 * little more wall time but held twice the pages read ahead of a slow consumer.
 */
export const AUTO_CEILING = 32

/**
 * Pages in flight before any answer has told the limit: 2, growing with the square root of the
 * answers (one more a round trip at full width: 4 after 2 answers, 8 after 18, 32 after 450), so
 * a window crossed without warning costs a few 429s, not a ceiling's worth.
 */
export const slowStart = (answers: number): number => 2 + Math.floor(Math.sqrt(2 * answers))

/** Until the client has an answer's latency: a page of Intercom at its usual speed. */
const ASSUMED_LATENCY_MS = 200

/**
 * The pages `auto` keeps in flight now. `inFlight` are this listing's, `pagesLeft` those it has
 * still to ask for (in flight not counted).
 */
export const autoConcurrency = (
  budget: RateBudget,
  listing: { readonly inFlight: number; readonly pagesLeft: number },
  ceiling: number = AUTO_CEILING,
): number => {
  const clamp = (n: number): number => Math.max(1, Math.min(ceiling, Math.floor(n)))
  const halved = (n: number): number => (budget.rateLimited ? clamp(n / 2) : clamp(n))
  // No answer has told the limit yet (a server that sends the headers only on a 429): a slow
  // start, which grows with the answers that come back, so the first 429 finds few in flight;
  // the limiter learns the limit from it and the branch below follows the headers it carried.
  if (budget.available === undefined) return halved(slowStart(budget.answers))
  const room = budget.available + listing.inFlight
  if (listing.pagesLeft + listing.inFlight <= room) return halved(ceiling)
  const latency = budget.latencyMs ?? ASSUMED_LATENCY_MS
  const rate = room / Math.max(budget.resetInMs, latency)
  return halved(Math.ceil(rate * latency))
}

/**
 * How many pages a listing keeps in flight: a fixed number, or `auto`, which follows what the
 * answers say. `auto` goes to its ceiling while the pages left fit in what the rate-limit window
 * has left (the listing is latency-bound: more in flight is faster); when they do not (the
 * listing is rate-bound), it keeps in flight what spends the window's room evenly until its
 * reset at the latency measured (Little's law: rate × latency), so the window is neither burst at
 * its start nor left idle; it halves after a 429. It is always inside the client's rate limiter,
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
  // No answer has told the limit yet: the limiter learns it from the first 429, if any.
  if (budget.available === undefined) return halved(ceiling)
  const room = budget.available + listing.inFlight
  if (listing.pagesLeft + listing.inFlight <= room) return halved(ceiling)
  const latency = budget.latencyMs ?? ASSUMED_LATENCY_MS
  const rate = room / Math.max(budget.resetInMs, latency)
  return halved(Math.ceil(rate * latency))
}

/**
 * The faults the simulator injects, each with a rate, drawn from a seed so a failing run can
 * be replayed. Pure: a draw is a function of the random source.
 *
 * @module
 */
import type { Random } from './random.js'

/** Rates (0..1) of faults on API requests (List Users and scroll); each request draws once. */
export interface Faults {
  /** 429 with Intercom's body; a storm: the next `stormLength - 1` requests get one too. */
  readonly rateLimited?: number
  /** How many requests in a row a 429 storm lasts (default 3). */
  readonly stormLength?: number
  /** 500, 502 or 503; half of them with an HTML body (a proxy's), half with an `error.list`. */
  readonly serverError?: number
  /** The connection is reset before any byte of the answer. */
  readonly resetBeforeBody?: number
  /** The connection is reset after the status line and part of the body. */
  readonly resetMidBody?: number
  /** No byte at all, until the client gives up (a stalled response). */
  readonly stall?: number
  /** 200 with a body that is not JSON. */
  readonly malformed?: number
  /** 200 with a JSON body cut short (its Content-Length says the cut length). */
  readonly truncated?: number
  /** The answer carries no `X-RateLimit-*` headers. */
  readonly missingHeaders?: number
}

/** One fault a request meets (at most one a request, besides `missingHeaders`). */
export type Fault =
  | { readonly kind: 'rateLimited' }
  | { readonly kind: 'serverError'; readonly status: 500 | 502 | 503; readonly html: boolean }
  | { readonly kind: 'resetBeforeBody' }
  | { readonly kind: 'resetMidBody' }
  | { readonly kind: 'stall' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'truncated' }

/** The faults a request can meet, in the order a draw tries them. */
export const FAULT_KINDS = [
  'rateLimited',
  'serverError',
  'resetBeforeBody',
  'resetMidBody',
  'stall',
  'malformed',
  'truncated',
] as const

/** Draws faults for a sequence of requests; the storm state lives in the closure. */
export const faultDrawer = (random: Random, faults: Faults) => {
  let storm = 0
  return (): { readonly fault: Fault | undefined; readonly missingHeaders: boolean } => {
    const missingHeaders = random() < (faults.missingHeaders ?? 0)
    if (storm > 0) {
      storm -= 1
      return { fault: { kind: 'rateLimited' }, missingHeaders }
    }
    let draw = random()
    for (const kind of FAULT_KINDS) {
      const rate = faults[kind] ?? 0
      if (draw < rate) {
        if (kind === 'rateLimited') {
          storm = (faults.stormLength ?? 3) - 1
          return { fault: { kind }, missingHeaders }
        }
        if (kind === 'serverError') {
          const status = ([500, 502, 503] as const)[Math.floor(random() * 3)] ?? 500
          return { fault: { kind, status, html: random() < 0.5 }, missingHeaders }
        }
        return { fault: { kind }, missingHeaders }
      }
      draw -= rate
    }
    return { fault: undefined, missingHeaders }
  }
}

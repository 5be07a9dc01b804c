import { createClient, type ClientOptions, type IntercomClient } from '../../lib/index.js'
import { defaultFetch, type FetchLike } from '../../lib/core/client.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/index.js'

/** Backoffs of milliseconds, so specs with faults take milliseconds too. */
export const FAST_RETRY = { baseDelayMs: 2, maxDelayMs: 20 } as const

/** The simulator's windows are exact, so a reset needs no margin for clock skew in specs. */
export const FAST_MARGIN = { marginMs: 5 } as const

/** Runs `fn` against a fresh simulator on loopback and always closes it. */
export const withSimulator = async <A>(
  options: SimulatorOptions,
  fn: (sim: Simulator, client: IntercomClient) => Promise<A>,
  clientOptions: Partial<ClientOptions> = {},
): Promise<A> => {
  const sim = await startSimulator(options)
  try {
    return await fn(
      sim,
      createClient({ token: sim.token, baseUrl: sim.url, retry: FAST_RETRY, rateLimit: FAST_MARGIN, ...clientOptions }),
    )
  } finally {
    await sim.close()
  }
}

/** A fixed clock, so seeded users are the same on every run. */
export const NOW = 1_790_000_000

/** The real fetch, counting its calls: a request started and then aborted still counts. */
export const countingFetch = (): { readonly fetch: FetchLike; readonly calls: () => number } => {
  let calls = 0
  return {
    fetch: (url, init) => {
      calls += 1
      return defaultFetch(url, init)
    },
    calls: () => calls,
  }
}

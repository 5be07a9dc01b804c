import { createClient, type ClientOptions, type IntercomClient } from '../../lib/index.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/index.js'

/** Runs `fn` against a fresh simulator on loopback and always closes it. */
export const withSimulator = async <A>(
  options: SimulatorOptions,
  fn: (sim: Simulator, client: IntercomClient) => Promise<A>,
  clientOptions: Partial<ClientOptions> = {},
): Promise<A> => {
  const sim = await startSimulator(options)
  try {
    return await fn(sim, createClient({ token: sim.token, baseUrl: sim.url, ...clientOptions }))
  } finally {
    await sim.close()
  }
}

/** A fixed clock, so seeded users are the same on every run. */
export const NOW = 1_790_000_000

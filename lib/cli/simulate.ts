/**
 * `intercom-users simulate`: a simulator on loopback until Ctrl-C.
 *
 * @module
 */
import type { Writable } from 'node:stream'
import { startSimulator } from '../simulator/index.js'
import type { SimulateCommand } from './args.js'
import { EXIT } from './exit-codes.js'
import { STOP_SIGNALS } from './signals.js'

/** What the simulator enforces and injects, in a line for its banner. */
const describe = (command: SimulateCommand): string => {
  const parts = [
    command.rateLimit === undefined
      ? undefined
      : `rate limit ${command.rateLimit} requests per ${command.windowMs / 1000} s`,
    command.latencyMs > 0 ? `latency ${command.latencyMs} ms` : undefined,
    command.appApiVersion === undefined ? undefined : `app's default API version ${command.appApiVersion}`,
    Object.keys(command.faults).length > 0
      ? `faults ${Object.entries(command.faults)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')} (fault seed ${command.faultSeed})`
      : undefined,
  ].filter((p) => p !== undefined)
  return parts.length > 0 ? `${parts.join('; ')}\n` : ''
}

/** Starts the simulator, prints its URL and token, and resolves when it is closed by a signal. */
export const runSimulate = async (command: SimulateCommand, stdout: Writable): Promise<number> => {
  const { scrollFaults, faults } = splitFaults(command.faults)
  const simulator = await startSimulator({
    users: command.users,
    contacts: command.contacts,
    port: command.port,
    latencyMs: command.latencyMs,
    seed: command.seed,
    faults,
    scrollFaults,
    faultSeed: command.faultSeed,
    ...(command.rateLimit === undefined ? {} : { rateLimit: { limit: command.rateLimit, windowMs: command.windowMs } }),
    ...(command.token === undefined ? {} : { token: command.token }),
    ...(command.appApiVersion === undefined ? {} : { defaultApiVersion: command.appApiVersion }),
    ...(command.now === undefined ? {} : { now: command.now }),
  })
  stdout.write(
    `Intercom simulator with ${command.users} users (API 1.x) and ${command.contacts} contacts (API 2.x) at ${simulator.url}\n` +
      describe(command) +
      `INTERCOM_BASE_URL=${simulator.url}\n` +
      `INTERCOM_ACCESS_TOKEN=${simulator.token}\n` +
      'Ctrl-C stops it.\n',
  )
  await new Promise<void>((resolve) => {
    for (const name of STOP_SIGNALS) process.once(name, () => resolve())
  })
  await simulator.close()
  return EXIT.ok
}

/** The scroll faults go to the Scroll API only; the others to every API request. */
const splitFaults = ({ lostResponse, restartError, ...faults }: SimulateCommand['faults']) => ({
  faults,
  scrollFaults: {
    ...(lostResponse === undefined ? {} : { lostResponse }),
    ...(restartError === undefined ? {} : { restartError }),
  },
})

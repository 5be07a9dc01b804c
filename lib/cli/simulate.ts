/**
 * `intercom-users simulate`: a simulator on loopback until Ctrl-C.
 *
 * @module
 */
import type { Writable } from 'node:stream'
import { startSimulator } from '../simulator/server.js'
import type { SimulateCommand } from './args.js'

/** Starts the simulator, prints its URL and token, and resolves when it is closed by a signal. */
export const runSimulate = async (command: SimulateCommand, stdout: Writable): Promise<number> => {
  const simulator = await startSimulator({
    users: command.users,
    port: command.port,
    latencyMs: command.latencyMs,
    seed: command.seed,
  })
  stdout.write(
    `Intercom simulator with ${command.users} users at ${simulator.url}\n` +
      `INTERCOM_BASE_URL=${simulator.url}\n` +
      `INTERCOM_ACCESS_TOKEN=${simulator.token}\n` +
      'Ctrl-C stops it.\n',
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await simulator.close()
  return 0
}

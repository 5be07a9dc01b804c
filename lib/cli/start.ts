/**
 * `npm start`: the main job. Without `INTERCOM_ACCESS_TOKEN` it starts the simulator
 * in-process and streams all its users through the command line's listing; with the token
 * it lists the real workspace. Users go to `users.ndjson`, or to stdout when stdout is piped.
 *
 * @module
 */
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { startSimulator } from '../simulator/server.js'
import type { ListCommand } from './args.js'
import { DEFAULT_CONCURRENCY } from './batches.js'
import { EXIT } from './exit-codes.js'
import { formatSummary, runList } from './list.js'
import { interruptOnSignals } from './signals.js'

const OUTPUT = 'users.ndjson'
const SIMULATED_USERS = Number(process.env['INTERCOM_RX_SIMULATED_USERS'] ?? 25_000)

const command: ListCommand = {
  command: 'list',
  mode: 'all',
  params: {},
  limit: undefined,
  baseUrl: undefined,
  tokenFile: undefined,
  token: undefined,
  format: 'ndjson',
  fields: undefined,
  maxRetries: undefined,
  concurrency: DEFAULT_CONCURRENCY,
  timeoutMs: undefined,
  apiVersion: undefined,
  progress: true,
}

const run = async (): Promise<number> => {
  const real = (process.env['INTERCOM_ACCESS_TOKEN'] ?? '').trim().length > 0
  const simulator = real ? undefined : await startSimulator({ users: SIMULATED_USERS })
  const env =
    simulator === undefined
      ? process.env
      : { ...process.env, INTERCOM_ACCESS_TOKEN: simulator.token, INTERCOM_BASE_URL: simulator.url }
  const source =
    simulator === undefined ? (env['INTERCOM_BASE_URL'] ?? 'Intercom') : `the simulator at ${simulator.url}`
  const toFile = process.stdout.isTTY === true
  const stdout = toFile ? createWriteStream(OUTPUT) : process.stdout
  process.stderr.write(`intercom-rx: streaming users from ${source} to ${toFile ? OUTPUT : 'stdout'}\n`)
  try {
    const interrupt = interruptOnSignals()
    const summary = await runList(command, { stdout, stderr: process.stderr, env, signal: interrupt.signal })
    interrupt.dispose()
    if (toFile) {
      stdout.end()
      await finished(stdout)
    }
    const where = toFile ? ` into ${OUTPUT}` : ''
    if (summary.exitCode === EXIT.ok || summary.exitCode === EXIT.interrupted)
      process.stderr.write(`intercom-rx: ${formatSummary(summary)}${where}\n`)
    return summary.exitCode
  } finally {
    await simulator?.close()
  }
}

run().then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`intercom-rx: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  },
)

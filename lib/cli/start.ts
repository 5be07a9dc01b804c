/**
 * `npm start`: the main job. Without `INTERCOM_ACCESS_TOKEN` it starts the simulator
 * in-process and streams all its users through the command line's listing; with the token
 * it lists the real workspace. Users go to `users.ndjson`, written by the job itself (so npm's
 * banner, which goes to stdout, never mixes into it), or to stdout when stdout is a pipe.
 *
 * The file is written beside its place under another name and renamed into place only when the
 * export has ended well, so a failed run (a bad token, an unreachable URL) leaves the previous
 * `users.ndjson` as it was. An interrupted run (Ctrl-C) leaves it as it was too, and keeps what
 * it wrote, whole lines only, in `users.ndjson.partial`.
 *
 * @module
 */
import { createWriteStream, fstatSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { finished } from 'node:stream/promises'
import { startSimulator } from '../simulator/index.js'
import type { ListCommand } from './args.js'
import { EXIT } from './exit-codes.js'
import { formatSummary, runList } from './list.js'
import { interruptOnSignals } from './signals.js'
import { PREFIX, onOutputError } from './stdout.js'

const OUTPUT = 'users.ndjson'
const PARTIAL = `${OUTPUT}.partial`
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
  concurrency: 'auto',
  rateShare: undefined,
  timeoutMs: undefined,
  apiVersion: undefined,
  progress: true,
}

const say = (line: string): void => void process.stderr.write(`${PREFIX} ${line}\n`)

/** Whether stdout is a pipe or a socket (`npm start --silent | head`); a terminal or a file (`> x`) is not. */
const toPipe = (): boolean => {
  try {
    const stats = fstatSync(1)
    return stats.isFIFO() || stats.isSocket()
  } catch {
    return false
  }
}

/** Where a finished run's file goes: into place, kept aside, or away. */
const settle = async (temporary: string, exitCode: number, users: number): Promise<string> => {
  if (exitCode === EXIT.ok || exitCode === EXIT.incomplete) {
    await rename(temporary, OUTPUT)
    return ` into ${OUTPUT}`
  }
  if (exitCode === EXIT.interrupted && users > 0) {
    await rename(temporary, PARTIAL)
    return ` into ${PARTIAL} (${OUTPUT} was left as it was)`
  }
  await rm(temporary, { force: true })
  return ''
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
  const toFile = !toPipe()
  const temporary = `.${OUTPUT}.${process.pid}.tmp`
  const stdout = toFile ? createWriteStream(temporary) : process.stdout
  say(`streaming users from ${source} to ${toFile ? resolve(OUTPUT) : 'stdout'}`)
  try {
    const interrupt = interruptOnSignals()
    const summary = await runList(command, { stdout, stderr: process.stderr, env, signal: interrupt.signal })
    interrupt.dispose()
    let where = ''
    if (toFile) {
      stdout.end()
      await finished(stdout)
      where = await settle(temporary, summary.exitCode, summary.users)
      if (where === '') say(`${OUTPUT} was left as it was.`)
    }
    if (summary.exitCode === EXIT.ok || summary.exitCode === EXIT.interrupted || summary.exitCode === EXIT.incomplete)
      say(`${formatSummary(summary)}${where}`)
    return summary.exitCode
  } finally {
    if (toFile) await rm(temporary, { force: true })
    await simulator?.close()
  }
}

onOutputError()
run().then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    say(`unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exitCode = EXIT.internal
  },
)

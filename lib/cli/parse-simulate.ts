/**
 * `intercom-users simulate`: its flags parsed and checked.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { FAULT_KINDS, isKnownApiVersion, type Faults, type ScrollFaults } from '../simulator/index.js'
import type { Command } from './command.js'
import { negativeValues, wholeNumbers } from './flags.js'

const SIMULATE_OPTIONS = {
  users: { type: 'string' },
  port: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  'rate-limit': { type: 'string' },
  window: { type: 'string' },
  faults: { type: 'string' },
  'fault-seed': { type: 'string' },
  token: { type: 'string' },
  'app-api-version': { type: 'string' },
  now: { type: 'string' },
  contacts: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Every fault `simulate --faults` takes, by the simulator's option names. */
const FAULT_NAMES = [...FAULT_KINDS, 'missingHeaders', 'lostResponse', 'restartError'] as const

/** `rateLimited=0.1,serverError=0.05`: fault rates by the simulator's option names. */
export const parseFaults = (raw: string): E.Either<string, Faults & ScrollFaults> => {
  const faults: Record<string, number> = {}
  for (const entry of raw.split(',').map((s) => s.trim())) {
    const [name = '', rate = ''] = entry.split('=').map((s) => s.trim())
    if (!(FAULT_NAMES as ReadonlyArray<string>).includes(name))
      return E.left(`--faults: unknown fault ${JSON.stringify(name)}; known: ${FAULT_NAMES.join(', ')}`)
    const value = Number(rate)
    if (rate === '' || !(value >= 0 && value <= 1))
      return E.left(`--faults: ${name} takes a rate from 0 to 1 (${name}=0.05), got ${JSON.stringify(rate)}`)
    faults[name] = value
  }
  return E.right(faults)
}

export const parseSimulate = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: negativeValues(args, SIMULATE_OPTIONS),
    options: SIMULATE_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'simulate' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const numbers = wholeNumbers({
    users: ['users', values.users, 0],
    port: ['port', values.port, 0],
    latency: ['latency', values.latency, 0],
    seed: ['seed', values.seed, 0],
    rateLimit: ['rate-limit', values['rate-limit'], 1],
    faultSeed: ['fault-seed', values['fault-seed'], 0],
    now: ['now', values.now, 0],
    contacts: ['contacts', values.contacts, 0],
  })
  if (E.isLeft(numbers)) return numbers
  const value = (k: keyof typeof numbers.right): number | undefined => numbers.right[k]
  const port = value('port')
  if (port !== undefined && port > 65535) return E.left(`--port takes a port from 0 to 65535, got ${port}`)
  // Timers hold at most 2^31 - 1 ms: a latency of a minute and a window of a day are bound enough.
  const latency = value('latency')
  if (latency !== undefined && latency > 60_000) return E.left(`--latency takes at most 60000 ms, got ${latency}`)
  const window = values.window
  if (window !== undefined && !(/^\d+(\.\d+)?$/.test(window) && Number(window) > 0 && Number(window) <= 86_400))
    return E.left(`--window takes a number of seconds > 0 and at most 86400 (a day), got ${JSON.stringify(window)}`)
  if (window !== undefined && values['rate-limit'] === undefined)
    return E.left('--window sets the window of --rate-limit; pass --rate-limit N too')
  const faults = values.faults === undefined ? E.right({}) : parseFaults(values.faults)
  if (E.isLeft(faults)) return faults
  if (values.token !== undefined && values.token.trim() === '') return E.left('--token takes a non-empty token')
  const appApiVersion = values['app-api-version']
  if (appApiVersion !== undefined && !isKnownApiVersion(appApiVersion))
    return E.left(
      `--app-api-version takes an Intercom API version (1.0 to 1.4, 2.0 to 2.16, Preview), got ${JSON.stringify(appApiVersion)}`,
    )
  return E.right({
    command: 'simulate',
    users: value('users') ?? 1000,
    port: port ?? 0,
    latencyMs: value('latency') ?? 0,
    seed: value('seed') ?? 1,
    rateLimit: value('rateLimit'),
    windowMs: window === undefined ? 10_000 : Math.round(Number(window) * 1000),
    faults: faults.right,
    faultSeed: value('faultSeed') ?? 1,
    token: values.token,
    appApiVersion,
    now: value('now'),
    contacts: value('contacts') ?? 1000,
  })
}

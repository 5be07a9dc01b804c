/**
 * The command line's words: parsed with `node:util`'s parseArgs into a plain value, or a
 * usage error that says what was wrong. Pure but for reading nothing: no I/O here.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { ListUsersParams } from '../params.js'
import { DEFAULT_CONCURRENCY, type ReadMode } from './batches.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `intercom-users [list] ...`: stream users as NDJSON. */
export interface ListCommand {
  readonly command: 'list'
  /** List Users (default), the Scroll API (`--scroll`), or whichever reads everything (`--all`). */
  readonly mode: ReadMode
  readonly params: Record<string, unknown>
  readonly limit: number | undefined
  readonly baseUrl: string | undefined
  readonly tokenFile: string | undefined
  /** Pages in flight at once (default {@link DEFAULT_CONCURRENCY}). */
  readonly concurrency: number
  /** Retries of a failed request beyond the first attempt (default 4). */
  readonly maxRetries: number | undefined
  /** One request's timeout, in milliseconds. */
  readonly timeoutMs: number | undefined
  readonly progress: boolean
}

/** `intercom-users simulate ...`: run the simulator. */
export interface SimulateCommand {
  readonly command: 'simulate'
  readonly users: number
  readonly port: number
  readonly latencyMs: number
  readonly seed: number
}

export type Command =
  | ListCommand
  | SimulateCommand
  | { readonly command: 'help'; readonly topic: 'list' | 'simulate' }
  | { readonly command: 'version' }

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

const LIST_OPTIONS = {
  email: { type: 'string' },
  phone: { type: 'string' },
  sort: { type: 'string' },
  order: { type: 'string' },
  'created-since': { type: 'string' },
  page: { type: 'string' },
  'per-page': { type: 'string' },
  limit: { type: 'string' },
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  'max-retries': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'no-progress': { type: 'boolean' },
  scroll: { type: 'boolean' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

const SIMULATE_OPTIONS = {
  users: { type: 'string' },
  port: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** A whole number from the command line, or a message naming the flag and the value. */
const wholeNumber = (flag: string, raw: string | undefined, min: number): E.Either<string, number | undefined> => {
  if (raw === undefined) return E.right(undefined)
  return /^\d+$/.test(raw.trim()) && Number(raw) >= min
    ? E.right(Number(raw))
    : E.left(`--${flag} takes a whole number >= ${min}, got ${JSON.stringify(raw)}`)
}

const parseList = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: LIST_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'list' })
  if (values.version === true) return E.right({ command: 'version' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.scroll === true && values.all === true)
    return E.left('--scroll and --all cannot be combined; --all scrolls when it must')
  const mode: ReadMode = values.scroll === true ? 'scroll' : values.all === true ? 'all' : 'list'
  if (mode === 'scroll') {
    const filters = ['email', 'phone', 'sort', 'order', 'created-since', 'page', 'per-page'] as const
    const given = filters.filter((f) => values[f] !== undefined)
    if (given.length > 0)
      return E.left(`--scroll takes no filters (the Scroll API has none); drop --${given.join(', --')}`)
  }
  const numbers = {
    createdSince: wholeNumber('created-since', values['created-since'], 0),
    page: wholeNumber('page', values.page, 1),
    perPage: wholeNumber('per-page', values['per-page'], 1),
    limit: wholeNumber('limit', values.limit, 1),
    maxRetries: wholeNumber('max-retries', values['max-retries'], 0),
    concurrency: wholeNumber('concurrency', values.concurrency, 1),
  }
  for (const n of Object.values(numbers)) if (E.isLeft(n)) return n
  const timeout = values.timeout
  if (timeout !== undefined && !(/^\d+(\.\d+)?$/.test(timeout) && Number(timeout) > 0)) {
    return E.left(`--timeout takes a number of seconds > 0, got ${JSON.stringify(timeout)}`)
  }
  const value = (k: keyof typeof numbers): number | undefined => (numbers[k] as E.Right<number | undefined>).right
  const params: Record<string, unknown> = Object.fromEntries(
    Object.entries({
      email: values.email,
      phone: values.phone,
      sort: values.sort,
      order: values.order,
      createdSince: value('createdSince'),
      page: value('page'),
      perPage: value('perPage'),
    }).filter(([, v]) => v !== undefined),
  )
  return E.right({
    command: 'list',
    mode,
    params,
    limit: value('limit'),
    baseUrl: values['base-url'],
    tokenFile: values['token-file'],
    maxRetries: value('maxRetries'),
    concurrency: value('concurrency') ?? DEFAULT_CONCURRENCY,
    timeoutMs: timeout === undefined ? undefined : Math.round(Number(timeout) * 1000),
    progress: values['no-progress'] !== true,
  })
}

const parseSimulate = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: SIMULATE_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'simulate' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const users = wholeNumber('users', values.users, 0)
  const port = wholeNumber('port', values.port, 0)
  const latency = wholeNumber('latency', values.latency, 0)
  const seed = wholeNumber('seed', values.seed, 0)
  if (E.isLeft(users)) return users
  if (E.isLeft(port)) return port
  if (E.isLeft(latency)) return latency
  if (E.isLeft(seed)) return seed
  if (port.right !== undefined && port.right > 65535)
    return E.left(`--port takes a port from 0 to 65535, got ${port.right}`)
  return E.right({
    command: 'simulate',
    users: users.right ?? 1000,
    port: port.right ?? 0,
    latencyMs: latency.right ?? 0,
    seed: seed.right ?? 1,
  })
}

/** Parses `argv` (without node and the script): a command, or a usage error's message. */
export const parseCommand = (argv: ReadonlyArray<string>): E.Either<string, Command> => {
  try {
    const [first, ...rest] = argv
    if (first === 'simulate') return parseSimulate(rest)
    if (first === 'list') return parseList(rest)
    return parseList(argv)
  } catch (e) {
    // parseArgs throws on an unknown flag or a missing value; its message says which.
    return E.left(e instanceof Error ? e.message : String(e))
  }
}

/** The command's parameters, typed for `listUsers` (validated there). */
export const listParams = (command: ListCommand): ListUsersParams => command.params

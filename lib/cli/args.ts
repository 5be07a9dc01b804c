/**
 * The command line's words: parsed with `node:util`'s parseArgs into a plain value, or a
 * usage error that says what was wrong. Pure but for reading nothing: no I/O here.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { ContactRole } from '../contacts/contact.js'
import { MAX_CONTACTS_PER_PAGE } from '../contacts/params.js'
import { validateContactQuery, type ContactQuery, type ContactSort } from '../contacts/query.js'
import { startsPastCap } from '../paging/cap.js'
import { DEFAULT_PAGE_CAP, validateParams, type ListUsersParams } from '../users/params.js'
import { FAULT_KINDS, type Faults } from '../simulator/faults.js'
import type { ScrollFaults } from '../simulator/scroll.js'
import { isKnownApiVersion } from '../simulator/versions.js'
import type { ReadMode } from './batches.js'
import type { Concurrency } from '../paging/concurrency.js'
import { DEFAULT_CONTACT_FIELDS, DEFAULT_FIELDS, parseFields, type Field } from './fields.js'
import { FORMATS, type OutputFormat } from './format.js'

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
  /** `--token`: works, but other users of the machine can read it in the process list. */
  readonly token: string | undefined
  readonly format: OutputFormat
  /** Columns (csv, table) or keys (ndjson, json); csv and table always have them. */
  readonly fields: ReadonlyArray<Field> | undefined
  /** Pages in flight at once: `auto` (the default) or a fixed number. */
  readonly concurrency: Concurrency
  /** `--rate-share`: the share of each rate-limit window the command may spend (default 1, all of it). */
  readonly rateShare: number | undefined
  /** Retries of a failed request beyond the first attempt (default 4). */
  readonly maxRetries: number | undefined
  /** One request's timeout, in milliseconds. */
  readonly timeoutMs: number | undefined
  /** `--api-version`: the `Intercom-Version` of List Users and Scroll requests (default 1.4). */
  readonly apiVersion: string | undefined
  readonly progress: boolean
  /** `intercom-users contacts`: which contacts, and how to search them. */
  readonly contacts?: ContactsSpec
  /** `--follow`: changes instead of a listing. */
  readonly follow?: FollowSpec
  /** `--checkpoint FILE`: where the export or the change stream stands, saved after each page and resumed from. */
  readonly checkpoint?: string
}

/** What `intercom-users contacts` reads: every contact, or a search (`--query`, `--query-file`). */
export interface ContactsSpec {
  readonly role: ContactRole | undefined
  /** `--query JSON`, already checked. */
  readonly query: ContactQuery | undefined
  /** `--query-file PATH`: read and checked when the command runs. */
  readonly queryFile: string | undefined
  readonly sort: ContactSort | undefined
}

/** `--follow`: every change as it comes, endlessly (userChanges, contactChanges). */
export interface FollowSpec {
  /** `--since`: where changes start, as given (a date, Unix seconds, or a duration back: `7d`). */
  readonly since: string | undefined
  /** `--every SECONDS`: between two polls. */
  readonly everyMs: number | undefined
  /** `--lag SECONDS`: how old a change must be before it is written. */
  readonly lagSeconds: number | undefined
}

/** `intercom-users simulate ...`: run the simulator. */
export interface SimulateCommand {
  readonly command: 'simulate'
  readonly users: number
  readonly port: number
  readonly latencyMs: number
  readonly seed: number
  /** Requests allowed a window, with the window of `windowMs`; undefined: the simulator's default. */
  readonly rateLimit: number | undefined
  readonly windowMs: number
  readonly faults: Faults & ScrollFaults
  readonly faultSeed: number
  readonly token: string | undefined
  /** `--app-api-version`: the version a request without `Intercom-Version` gets (default 2.14). */
  readonly appApiVersion: string | undefined
  /** `--now`: the clock of the users' timestamps, Unix seconds (default now), for rows anyone can reproduce. */
  readonly now: number | undefined
  /** `--contacts N`: contacts the 2.x Contacts API serves (default 1,000). */
  readonly contacts: number
}

/** The commands with a help text of their own. */
export type HelpTopic = 'list' | 'simulate' | 'contacts'

export type Command =
  | ListCommand
  | SimulateCommand
  | { readonly command: 'help'; readonly topic: HelpTopic }
  | { readonly command: 'version' }

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

const FOLLOW_OPTIONS = {
  follow: { type: 'boolean' },
  since: { type: 'string' },
  checkpoint: { type: 'string' },
  every: { type: 'string' },
  lag: { type: 'string' },
} as const

/** The flags of the output and the connection, which every reading command takes. */
const OUTPUT_OPTIONS = {
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string', short: 'f' },
  fields: { type: 'string' },
  'max-retries': { type: 'string' },
  timeout: { type: 'string' },
  'rate-share': { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const LIST_OPTIONS = {
  ...FOLLOW_OPTIONS,
  ...OUTPUT_OPTIONS,
  email: { type: 'string' },
  phone: { type: 'string' },
  sort: { type: 'string' },
  order: { type: 'string' },
  'created-since': { type: 'string' },
  page: { type: 'string' },
  'per-page': { type: 'string' },
  limit: { type: 'string' },
  concurrency: { type: 'string' },
  'api-version': { type: 'string' },
  scroll: { type: 'boolean' },
  all: { type: 'boolean' },
  version: { type: 'boolean' },
} as const

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

const CONTACTS_OPTIONS = {
  ...FOLLOW_OPTIONS,
  ...OUTPUT_OPTIONS,
  role: { type: 'string' },
  query: { type: 'string' },
  'query-file': { type: 'string' },
  sort: { type: 'string' },
  'per-page': { type: 'string' },
  limit: { type: 'string' },
} as const

/** The longest timeout a timer can hold: 2^31 - 1 ms, about 24.8 days (2,147,483 s). */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000)

/** A whole number from the command line, or a message naming the flag and the value. */
const wholeNumber = (flag: string, raw: string | undefined, min: number): E.Either<string, number | undefined> => {
  if (raw === undefined) return E.right(undefined)
  return /^\d+$/.test(raw.trim()) && Number(raw) >= min
    ? E.right(Number(raw))
    : E.left(`--${flag} takes a whole number >= ${min}, got ${JSON.stringify(raw)}`)
}

/** Whole numbers of several flags, `[flag, raw, min]` by name: their values, or the first flag's message. */
const wholeNumbers = <K extends string>(
  specs: Readonly<Record<K, readonly [string, string | undefined, number]>>,
): E.Either<string, Readonly<Record<K, number | undefined>>> => {
  const values: Partial<Record<K, number | undefined>> = {}
  for (const key of Object.keys(specs) as K[]) {
    const [flag, raw, min] = specs[key]
    const n = wholeNumber(flag, raw, min)
    if (E.isLeft(n)) return n
    values[key] = n.right
  }
  return E.right(values as Record<K, number | undefined>)
}

/** The library's name of a listing parameter, as the command line spells it. */
const FLAG_OF: Readonly<Record<string, string>> = {
  page: '--page',
  perPage: '--per-page',
  order: '--order',
  sort: '--sort',
  createdSince: '--created-since',
  email: '--email',
  phone: '--phone',
}

/**
 * The listing's parameters checked by the library's own rules before anything is sent, the
 * violation said in the command line's words (`--per-page`, not `perPage`); undefined when fine.
 */
const checkParams = (params: Record<string, unknown>, mode: ReadMode): string | undefined => {
  const query = validateParams(params)
  if (E.isLeft(query)) {
    const said = query.left.message.replace(/\. No request was sent\.$/, '')
    return Object.entries(FLAG_OF).reduce(
      (text, [name, flag]) => text.replace(new RegExp(`(?<![-\\w])${name}(?![-\\w])`, 'g'), flag),
      said,
    )
  }
  const { page, perPage } = query.right
  if (mode === 'list' && startsPastCap(DEFAULT_PAGE_CAP, page, perPage)) {
    return (
      `--page ${page} at --per-page ${perPage} starts past Intercom's cap of ${DEFAULT_PAGE_CAP.toLocaleString('en')} users ` +
      'on page iteration; read every user with --all or --scroll (without --page)'
    )
  }
  return undefined
}

const isFormat = (s: string): s is OutputFormat => (FORMATS as ReadonlyArray<string>).includes(s)

const parseList = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: negativeValues(args, LIST_OPTIONS),
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
  // --all reads every user; starting at a page would leave the ones before it out.
  if (mode === 'all' && values.page !== undefined)
    return E.left('--all reads every user and takes no --page; drop --page, or list from a page without --all')
  const concurrency = values.concurrency
  if (concurrency !== undefined && concurrency !== 'auto' && !/^[1-9]\d*$/.test(concurrency))
    return E.left(`--concurrency takes auto or a whole number from 1, got ${JSON.stringify(concurrency)}`)
  const numbers = wholeNumbers({
    createdSince: ['created-since', values['created-since'], 0],
    page: ['page', values.page, 1],
    perPage: ['per-page', values['per-page'], 1],
    limit: ['limit', values.limit, 1],
    maxRetries: ['max-retries', values['max-retries'], 0],
    concurrency: ['concurrency', values.concurrency === 'auto' ? undefined : values.concurrency, 1],
  })
  if (E.isLeft(numbers)) return numbers
  const value = (k: keyof typeof numbers.right): number | undefined => numbers.right[k]
  const apiVersion = values['api-version']
  if (apiVersion !== undefined && !/^1\.[0-4]$/.test(apiVersion))
    return E.left(
      `--api-version takes 1.0, 1.1, 1.2, 1.3 or 1.4 (List Users exists only on 1.x), got ${JSON.stringify(apiVersion)}`,
    )
  const shared = outputAndConnection(values, DEFAULT_FIELDS)
  if (E.isLeft(shared)) return shared
  const followed = parseFollow(values, {
    conflicting: (
      ['email', 'phone', 'sort', 'order', 'created-since', 'page', 'all', 'scroll', 'limit'] as const
    ).filter((f) => values[f] !== undefined),
    exportable: true,
  })
  if (E.isLeft(followed)) return followed
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
  const checked = checkParams(params, mode)
  if (checked !== undefined) return E.left(checked)
  return E.right({
    command: 'list',
    mode,
    params,
    limit: value('limit'),
    ...shared.right,
    maxRetries: value('maxRetries'),
    concurrency: value('concurrency') ?? 'auto',
    apiVersion,
    progress: values['no-progress'] !== true,
    ...followed.right,
  })
}

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

const parseSimulate = (args: ReadonlyArray<string>): E.Either<string, Command> => {
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
  const window = values.window
  if (window !== undefined && !(/^\d+(\.\d+)?$/.test(window) && Number(window) > 0))
    return E.left(`--window takes a number of seconds > 0, got ${JSON.stringify(window)}`)
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

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 }

/** `--since` as Unix seconds at `now` (a date, Unix seconds, or a duration back), or undefined when it is none. */
export const sinceOf = (raw: string, now: number): number | undefined => {
  if (/^\d+$/.test(raw)) return Number(raw)
  const back = /^(\d+)([smhd])$/.exec(raw)
  if (back !== null) return now - Number(back[1]) * (UNIT_SECONDS[back[2] ?? 's'] ?? 1)
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return undefined
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.floor(at / 1000)
}

/** `--sort updated_at:desc`: a search's sort, or a message. */
const parseSort = (raw: string | undefined): E.Either<string, ContactSort | undefined> => {
  if (raw === undefined) return E.right(undefined)
  const [field = '', order = 'asc'] = raw.split(':')
  if (order !== 'asc' && order !== 'desc')
    return E.left(`--sort takes FIELD or FIELD:asc or FIELD:desc, got ${JSON.stringify(raw)}`)
  const sort = { field, order: order === 'asc' ? 'ascending' : 'descending' } as ContactSort
  const checked = validateContactQuery({ field: 'id', operator: '=', value: 'x' }, sort)
  return E.isLeft(checked)
    ? E.left(
        `--sort: ${checked.left.message.replace(/^The search sort\.field /, '').replace(/\. No request was sent\.$/, '')}`,
      )
    : E.right(sort)
}

/** `--query JSON`: the query checked, or a message with its path and the reason. */
export const parseQuery = (text: string, flag: string): E.Either<string, ContactQuery> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return E.left(`${flag} is not JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const checked = validateContactQuery(json)
  return E.isLeft(checked)
    ? E.left(`${flag}: ${checked.left.message.replace(/^The search /, '').replace(/\. No request was sent\.$/, '')}`)
    : E.right(checked.right.query)
}

/** The flags of `--follow` and `--checkpoint`, checked: `conflicting` are flags given that a change stream takes not. */
const parseFollow = (
  values: {
    readonly follow?: boolean | undefined
    readonly since?: string | undefined
    readonly checkpoint?: string | undefined
    readonly every?: string | undefined
    readonly lag?: string | undefined
    readonly format?: string | undefined
  },
  rules: { readonly conflicting: ReadonlyArray<string>; readonly exportable: boolean },
): E.Either<string, { readonly follow?: FollowSpec; readonly checkpoint?: string }> => {
  const follow = values.follow === true
  const followOnly = (['since', 'every', 'lag'] as const).filter((f) => values[f] !== undefined)
  if (!follow && followOnly.length > 0)
    return E.left(`--${followOnly.join(', --')} ${followOnly.length === 1 ? 'goes' : 'go'} with --follow`)
  if (follow && rules.conflicting.length > 0)
    return E.left(`--follow writes every change; it takes no --${rules.conflicting.join(', --')}`)
  if (values.checkpoint !== undefined && (!(follow || rules.exportable) || (values.format ?? 'ndjson') !== 'ndjson'))
    return E.left(
      follow || rules.exportable
        ? '--checkpoint resumes an NDJSON output; it takes no other --format'
        : '--checkpoint resumes --follow or an export (no --query: a search is no export)',
    )
  if (follow && values.since === undefined && values.checkpoint === undefined)
    return E.left('--follow needs a start: --since (2026-11-01, a Unix time, or 7d) or a --checkpoint file')
  if (values.since !== undefined && sinceOf(values.since, 0) === undefined)
    return E.left(
      `--since takes a date (2026-11-01), a Unix time in seconds, or a duration back (30m, 12h, 7d), got ${JSON.stringify(values.since)}`,
    )
  const seconds = (flag: 'every' | 'lag', min: number): E.Either<string, number | undefined> => {
    const raw = values[flag]
    if (raw === undefined) return E.right(undefined)
    return /^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min
      ? E.right(Number(raw))
      : E.left(`--${flag} takes a number of seconds${min > 0 ? ' > 0' : ''}, got ${JSON.stringify(raw)}`)
  }
  const every = seconds('every', 0.001)
  if (E.isLeft(every)) return every
  const lag = seconds('lag', 0)
  if (E.isLeft(lag)) return lag
  return E.right({
    ...(follow
      ? {
          follow: {
            since: values.since,
            everyMs: every.right === undefined ? undefined : Math.round(every.right * 1000),
            lagSeconds: lag.right,
          },
        }
      : {}),
    ...(values.checkpoint === undefined ? {} : { checkpoint: values.checkpoint }),
  })
}

const parseContacts = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: negativeValues(args, CONTACTS_OPTIONS),
    options: CONTACTS_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'contacts' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const role = values.role
  if (role !== undefined && role !== 'user' && role !== 'lead')
    return E.left(`--role takes user or lead, got ${JSON.stringify(role)}`)
  if (values.query !== undefined && values['query-file'] !== undefined)
    return E.left('--query and --query-file cannot be combined; pass one')
  if (values.sort !== undefined && values.query === undefined && values['query-file'] === undefined)
    return E.left("--sort orders a search; pass --query or --query-file too (a listing is in the API's own order)")
  const followed = parseFollow(values, {
    conflicting: (['query', 'query-file', 'sort'] as const).filter((f) => values[f] !== undefined),
    exportable: values.query === undefined && values['query-file'] === undefined,
  })
  if (E.isLeft(followed)) return followed
  const query = values.query === undefined ? E.right(undefined) : parseQuery(values.query, '--query')
  if (E.isLeft(query)) return query
  const sort = parseSort(values.sort)
  if (E.isLeft(sort)) return sort
  const numbers = wholeNumbers({
    perPage: ['per-page', values['per-page'], 1],
    limit: ['limit', values.limit, 1],
    maxRetries: ['max-retries', values['max-retries'], 0],
  })
  if (E.isLeft(numbers)) return numbers
  const perPage = numbers.right.perPage
  if (perPage !== undefined && perPage > MAX_CONTACTS_PER_PAGE)
    return E.left(`--per-page takes a whole number from 1 to ${MAX_CONTACTS_PER_PAGE}, got ${perPage}`)
  const shared = outputAndConnection(values, DEFAULT_CONTACT_FIELDS)
  if (E.isLeft(shared)) return shared
  return E.right({
    command: 'list',
    mode: 'contacts',
    params: perPage === undefined ? {} : { perPage },
    limit: numbers.right.limit,
    maxRetries: numbers.right.maxRetries,
    concurrency: 1,
    apiVersion: undefined,
    progress: values['no-progress'] !== true,
    ...shared.right,
    contacts: { role, query: query.right, queryFile: values['query-file'], sort: sort.right },
    ...followed.right,
  })
}

/** The flags every reading command shares: the output and the connection. */
const outputAndConnection = (
  values: {
    readonly format?: string | undefined
    readonly fields?: string | undefined
    readonly token?: string | undefined
    readonly 'token-file'?: string | undefined
    readonly 'base-url'?: string | undefined
    readonly timeout?: string | undefined
    readonly 'rate-share'?: string | undefined
  },
  defaultFields: string,
): E.Either<
  string,
  Pick<ListCommand, 'format' | 'fields' | 'token' | 'tokenFile' | 'baseUrl' | 'timeoutMs' | 'rateShare'>
> => {
  const share = values['rate-share']
  if (share !== undefined && !(/^(0?\.\d+|1(\.0*)?)$/.test(share) && Number(share) > 0))
    return E.left(
      `--rate-share takes the share of each rate-limit window to spend, more than 0 and at most 1 (0.5: half), got ${JSON.stringify(share)}`,
    )
  const timeout = values.timeout
  if (
    timeout !== undefined &&
    !(/^\d+(\.\d+)?$/.test(timeout) && Number(timeout) > 0 && Number(timeout) <= MAX_TIMEOUT_SECONDS)
  ) {
    return E.left(
      `--timeout takes a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS} (the longest a timer holds), got ${JSON.stringify(timeout)}`,
    )
  }
  const format = values.format ?? 'ndjson'
  if (!isFormat(format)) return E.left(`--format takes ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`)
  const fieldList = values.fields ?? (format === 'csv' || format === 'table' ? defaultFields : undefined)
  const fields = fieldList === undefined ? E.right(undefined) : parseFields(fieldList)
  if (E.isLeft(fields)) return fields
  if (values.token !== undefined && values['token-file'] !== undefined)
    return E.left('--token and --token-file cannot be combined; pass one')
  return E.right({
    format,
    fields: fields.right,
    token: values.token,
    tokenFile: values['token-file'],
    baseUrl: values['base-url'],
    timeoutMs: timeout === undefined ? undefined : Math.round(Number(timeout) * 1000),
    rateShare: share === undefined ? undefined : Number(share),
  })
}

/** Parses `argv` (without node and the script): a command, or a usage error's message. */
export const parseCommand = (argv: ReadonlyArray<string>): E.Either<string, Command> => {
  try {
    const [first, ...rest] = argv
    if (first === 'simulate') return parseSimulate(rest)
    if (first === 'contacts') return parseContacts(rest)
    if (first === 'help') {
      if (rest.length > 1) return E.left(`help takes one command, got ${rest.length}`)
      const topic = rest[0] ?? 'list'
      return topic === 'list' || topic === 'simulate' || topic === 'contacts'
        ? E.right({ command: 'help', topic })
        : E.left(`no help for ${JSON.stringify(topic)}: the commands are list, contacts and simulate`)
    }
    if (first === 'list') return parseList(rest)
    return parseList(argv)
  } catch (e) {
    return E.left(parseArgsMessage(e))
  }
}

/**
 * `--limit -1` as `--limit=-1`: parseArgs takes a value that starts with a dash for another flag,
 * and the number's own check then says what is allowed.
 */
const negativeValues = (args: ReadonlyArray<string>, options: Readonly<Record<string, { type: string }>>): string[] => {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    const next = args[i + 1]
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`)
      i += 1
    } else out.push(arg)
  }
  return out
}

/** parseArgs's failure in one line of ours: what was wrong and what is allowed. */
const parseArgsMessage = (e: unknown): string => {
  const error = e as { code?: string; message?: string }
  const quoted = /'([^']+)'/.exec(error.message ?? '')?.[1] ?? ''
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--help' does not take an argument"; else a value is missing or looks like a flag.
      return /does not take/.test(error.message ?? '')
        ? `${quoted} takes no value`
        : `${quoted.replace(/ <value>$/, '')} takes a value`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted}`
    default:
      return String(error.message ?? e).replace(/\.$/, '')
  }
}

/** The command's parameters, typed for `listUsers` (validated there). */
export const listParams = (command: ListCommand): ListUsersParams => command.params

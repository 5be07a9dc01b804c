/**
 * What the command line was asked to do: each command as a plain value, parsed from `argv`.
 *
 * @module
 */
import type { Concurrency, ContactQuery, ContactRole, ContactSort, ListUsersParams } from '../index.js'
import type { Faults, ScrollFaults } from '../simulator/index.js'
import type { Field } from './fields.js'
import type { OutputFormat } from './format.js'

/** How the command reads the workspace: users (List Users, the Scroll API, both), or contacts (2.x). */
export type ReadMode = 'list' | 'scroll' | 'all' | 'contacts'

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
  /** Read by `GET /contacts`'s cursor, one page after the other, instead of the parallel export (`--sequential`, `--per-page`, a search, `--follow`). */
  readonly sequential?: boolean
}

/** `--follow`: every change as it comes, endlessly (userChanges, contactChanges). */
export interface FollowSpec {
  /** `--since`: where changes start, as given (a date, Unix seconds, or a duration back: `7d`). */
  readonly since: string | undefined
  /** `--every SECONDS`: between two polls. */
  readonly everyMs: number | undefined
  /** `--lag SECONDS`: how old a change must be before it is written. */
  readonly lagSeconds: number | undefined
  /** `--reconcile SECONDS` (contacts): between two walks of every contact id that report deletions and merges. */
  readonly reconcileMs?: number | undefined
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

/** The command's parameters, typed for `listUsers` (validated there). */
export const listParams = (command: ListCommand): ListUsersParams => command.params

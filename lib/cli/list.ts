/**
 * `intercom-users list`: the listing, as NDJSON on a stream, with a summary on stderr.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { concatMap, EMPTY, from, lastValueFrom, takeWhile, tap, type Observable, type Subscription } from 'rxjs'
import { isIntercomError } from '../errors.js'
import { DEFAULT_BASE_URL } from '../request.js'
import { createClient, defaultFetch, type FetchLike } from '../transport/client.js'
import { listParams, type ListCommand } from './args.js'
import { batches, type Batch } from './batches.js'
import { EXIT, exitCodeOf } from './exit-codes.js'

/** Where the listing writes, and what it knows of its surroundings. */
export interface ListIo {
  readonly stdout: Writable
  readonly stderr: Writable & { readonly isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  /** The clock, for the summary's seconds. */
  readonly now?: () => number
}

/** What a finished (or failed) listing did. */
export interface ListSummary {
  readonly users: number
  readonly pages: number
  readonly requests: number
  /** Which API served the users, once known. */
  readonly path: 'pages' | 'scroll' | undefined
  /** The listing stopped at Intercom's cap with users left. */
  readonly stoppedAtCap: boolean
  readonly seconds: number
  readonly exitCode: number
}

const readToken = async (command: ListCommand, env: ListIo['env']): Promise<string | { error: string }> => {
  if (command.tokenFile !== undefined) {
    try {
      const token = (await readFile(command.tokenFile, 'utf8')).trim()
      return token.length > 0 ? token : { error: `the token file ${command.tokenFile} is empty` }
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'unreadable'
      return { error: `cannot read the token file ${command.tokenFile} (${code})` }
    }
  }
  const token = env['INTERCOM_ACCESS_TOKEN']?.trim()
  return token !== undefined && token.length > 0
    ? token
    : { error: 'no access token: set INTERCOM_ACCESS_TOKEN or pass --token-file PATH' }
}

/** Writes and waits for the stream to drain, so a slow reader is not buried in buffered lines. */
const write = (stream: Writable, text: string): Observable<never> =>
  stream.write(text)
    ? EMPTY
    : from(new Promise<never>((resolve) => stream.once('drain', () => resolve(undefined as never))))

/** Runs a listing and reports it; never throws, returns the exit code in the summary. */
export const runList = async (command: ListCommand, io: ListIo): Promise<ListSummary> => {
  const now = io.now ?? Date.now
  const started = now()
  let users = 0
  let pages = 0
  let requests = 0
  let path: ListSummary['path']
  let stoppedAtCap = false
  const summary = (exitCode: number): ListSummary => ({
    users,
    pages,
    requests,
    path,
    stoppedAtCap,
    seconds: (now() - started) / 1000,
    exitCode,
  })
  const say = (line: string): void => void io.stderr.write(`${line}\n`)
  const token = await readToken(command, io.env)
  if (typeof token !== 'string') {
    say(`intercom-users: ${token.error}.`)
    return summary(EXIT.usage)
  }
  const progress = command.progress && io.stderr.isTTY === true
  let waits: Subscription | undefined
  try {
    const countingFetch: FetchLike = (url, init) => {
      requests += 1
      return defaultFetch(url, init)
    }
    const client = createClient({
      token,
      baseUrl: command.baseUrl ?? io.env['INTERCOM_BASE_URL'] ?? DEFAULT_BASE_URL,
      fetch: countingFetch,
      ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      ...(command.maxRetries === undefined ? {} : { retry: { maxAttempts: command.maxRetries + 1 } }),
    })
    waits = client.rateLimitWait$.subscribe((wait) => {
      const why = {
        'rate-limited': 'Intercom answered 429 Too Many Requests',
        'remaining-spent': "this window's requests are spent (X-RateLimit-Remaining: 0)",
        ceiling: 'the rate ceiling set for this client',
      }[wait.reason]
      if (progress) io.stderr.write('\n')
      say(`intercom-users: waiting ${(wait.waitMs / 1000).toFixed(1)} s for the rate-limit window to reset: ${why}`)
    })
    const limit = command.limit ?? Number.POSITIVE_INFINITY
    await lastValueFrom(
      batches(client, command.mode, listParams(command), {
        concurrency: command.concurrency,
        limit: command.limit,
      }).pipe(
        tap((batch: Batch) => {
          pages += 1
          path = batch.path
          stoppedAtCap = batch.stoppedAtCap
          for (const warning of batch.warnings) say(`intercom-users: warning: ${batch.label}: ${warning}`)
        }),
        // Completes on the batch that reaches the limit, before the next page is requested.
        takeWhile((batch) => batch.usersSoFar < limit, true),
        concatMap((batch) => {
          const wanted = batch.users.slice(0, Math.max(0, limit - users))
          users += wanted.length
          if (progress) io.stderr.write(`\r${users} of ${batch.totalCount ?? '?'} users, ${batch.label}\u001b[K`)
          return write(io.stdout, wanted.map((u) => `${JSON.stringify(u)}\n`).join(''))
        }),
      ),
      { defaultValue: undefined },
    )
    if (progress) io.stderr.write('\n')
    return summary(EXIT.ok)
  } catch (e) {
    if (progress) io.stderr.write('\n')
    if (isIntercomError(e)) {
      say(`intercom-users: ${e._tag}: ${e.message}`)
      return summary(exitCodeOf(e._tag))
    }
    say(`intercom-users: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return summary(EXIT.internal)
  } finally {
    waits?.unsubscribe()
  }
}

/** The one-line summary: `2400 users via List Users, 48 pages, 48 requests in 1.2 s`. */
export const formatSummary = (summary: ListSummary): string => {
  const via = summary.path === 'scroll' ? ' via the Scroll API' : summary.path === 'pages' ? ' via List Users' : ''
  const cap = summary.stoppedAtCap
    ? " (stopped at Intercom's cap on page iteration; --all or --scroll reads the rest)"
    : ''
  return `${summary.users} users${via}${cap}, ${summary.pages} pages, ${summary.requests} requests in ${summary.seconds.toFixed(1)} s`
}

/**
 * `intercom-users list`: the listing, written in the chosen format on a stream, with progress
 * and a summary on stderr.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { Writable } from 'node:stream'
import {
  concat,
  EMPTY,
  filter,
  from,
  fromEvent,
  lastValueFrom,
  Observable,
  of,
  takeUntil,
  takeWhile,
  type Subscription,
} from 'rxjs'
import { isIntercomError } from '../core/errors.js'
import { pullConcatMap } from '../operators/pullConcatMap.js'
import { DEFAULT_BASE_URL } from '../core/http-request.js'
import type { RateLimitWait } from '../transport/rate-limiter.js'
import { createClient, type FetchLike } from '../core/client.js'
import { nodeHttpFetch } from '../transport/node-http.js'
import { listParams, parseQuery, sinceOf, type ContactsSpec, type FollowSpec, type ListCommand } from './args.js'
import type { ChangeOptions } from '../paging/changes.js'
import {
  appendIds,
  outputBytes,
  readCheckpoint,
  readWrittenIds,
  rewindOutput,
  saveCheckpoint,
  type Checkpoint,
} from './checkpoint.js'
import { usersResume } from './resume-users.js'
import type { Contact } from '../contacts/contact.js'
import type { User } from '../users/user.js'
import { batches, type Batch } from './batches.js'
import { EXIT, exitCodeOf } from './exit-codes.js'
import { CUT_MARK, KNOWN_CONTACT_FIELDS, KNOWN_FIELDS, MAX_DEPTH, unknownFields } from './fields.js'
import { printable, recordWriter } from './format.js'
import { renderProgress } from './progress.js'

/** Where the listing writes, and what it knows of its surroundings. */
export interface ListIo {
  readonly stdout: Writable & { readonly isTTY?: boolean }
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number }
  readonly env: Readonly<Record<string, string | undefined>>
  /** The clock, for the summary's seconds. */
  readonly now?: () => number
  /** Aborted (by Ctrl-C): stop sending, write the whole records already read, end the output. */
  readonly signal?: AbortSignal
}

/** What a finished (or failed, or interrupted) listing did. */
export interface ListSummary {
  readonly users: number
  readonly pages: number
  readonly requests: number
  /** Which API served the users, once known. */
  readonly path: Batch['path'] | undefined
  /** The listing stopped at Intercom's cap with users left. */
  readonly stoppedAtCap: boolean
  /** What stopped the listing before its end (`SIGINT`), if anything did. */
  readonly interruptedBy: string | undefined
  readonly seconds: number
  readonly exitCode: number
}

/** How often the progress bar is redrawn between pages (for the clock, the ETA and waits). */
const PROGRESS_INTERVAL_MS = 250

const WAIT_REASONS: Readonly<Record<RateLimitWait['reason'], string>> = {
  'rate-limited': 'Intercom answered 429 Too Many Requests',
  'remaining-spent': "this window's requests are spent (X-RateLimit-Remaining: 0)",
  ceiling: 'the rate ceiling set for this client',
}

const TOKEN_FLAG_WARNING =
  'intercom-users: warning: --token is visible to other users of this machine (in ps and /proc); ' +
  'prefer INTERCOM_ACCESS_TOKEN or --token-file.'

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
  const token = (command.token ?? env['INTERCOM_ACCESS_TOKEN'])?.trim()
  return token !== undefined && token.length > 0
    ? token
    : { error: 'no access token: set INTERCOM_ACCESS_TOKEN or pass --token-file PATH' }
}

/** The contacts to read, the query of `--query-file` read and checked; or what is wrong with it. */
const readQuery = async (spec: ContactsSpec): Promise<Omit<ContactsSpec, 'queryFile'> | { error: string }> => {
  if (spec.queryFile === undefined) return spec
  let text: string
  try {
    text = await readFile(spec.queryFile, 'utf8')
  } catch (e) {
    return { error: `cannot read the query file ${spec.queryFile} (${(e as { code?: string }).code ?? 'unreadable'})` }
  }
  const query = parseQuery(text, `--query-file ${spec.queryFile}`)
  return E.isLeft(query) ? { error: query.left } : { ...spec, query: query.right }
}

/** Writes and waits until the text has left the process (the stream's callback), so a crash cannot lose it. */
const flushed = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    if (text === '') return resolve()
    stream.write(text, (e) => (e === null || e === undefined ? resolve() : reject(e)))
  })

/** Where `--follow` starts: the checkpoint when there is one, else `--since`. */
const changesFrom = (
  spec: FollowSpec,
  checkpoint: string | undefined,
  saved: Checkpoint | undefined,
  now: () => number,
): ChangeOptions | { error: string } => {
  const timing = {
    ...(spec.everyMs === undefined ? {} : { every: spec.everyMs }),
    ...(spec.lagSeconds === undefined ? {} : { lagSeconds: spec.lagSeconds }),
  }
  if (saved?.kind === 'changes') return { since: saved.watermark, ...timing }
  if (spec.since === undefined)
    return { error: `no checkpoint at ${checkpoint ?? '?'} yet: pass --since for the first run` }
  const since = sinceOf(spec.since, Math.floor(now() / 1000))
  return since === undefined ? { error: `--since ${spec.since} is not a time` } : { since, ...timing }
}

/** The sidecar's length a users checkpoint saved; 0 for a first run (its sidecar, if any, is left from a run killed before saving). */
const idsBytesOf = (saved: Checkpoint | undefined): number => (saved?.kind === 'users' ? saved.idsBytes : 0)

/** Writes and waits for the stream to drain, so a slow reader is not buried in buffered lines. */
const write = (stream: Writable, text: string): Observable<never> =>
  text === '' || stream.write(text)
    ? EMPTY
    : new Observable<never>((subscriber) => {
        const drained = (): void => subscriber.complete()
        stream.once('drain', drained)
        return () => stream.off('drain', drained)
      })

/** Runs a listing and reports it; never throws, returns the exit code in the summary. */
export const runList = async (command: ListCommand, io: ListIo): Promise<ListSummary> => {
  const now = io.now ?? Date.now
  const started = now()
  let users = 0
  let pages = 0
  let requests = 0
  let total: number | undefined
  let path: ListSummary['path']
  let stoppedAtCap = false
  let waits = 0
  let waitedMs = 0
  let waitingUntil = 0
  const summary = (exitCode: number): ListSummary => ({
    users,
    pages,
    requests,
    path,
    stoppedAtCap,
    interruptedBy: io.signal?.aborted === true ? String(io.signal.reason) : undefined,
    seconds: (now() - started) / 1000,
    exitCode: io.signal?.aborted === true && exitCode === EXIT.ok ? EXIT.interrupted : exitCode,
  })
  const say = (line: string): void => void io.stderr.write(`${line}\n`)
  if (command.token !== undefined) say(TOKEN_FLAG_WARNING)
  const token = await readToken(command, io.env)
  if (typeof token !== 'string') {
    say(`intercom-users: ${token.error}.`)
    return summary(EXIT.usage)
  }
  const ofContacts = command.mode === 'contacts'
  for (const f of unknownFields(command.fields ?? [], ofContacts ? KNOWN_CONTACT_FIELDS : KNOWN_FIELDS))
    say(
      `intercom-users: warning: --fields ${f.name}: ${f.path[0]} is not a field of Intercom's ${ofContacts ? 'contact' : 'user'} object; its column may stay empty.`,
    )
  const contacts = command.contacts === undefined ? undefined : await readQuery(command.contacts)
  if (contacts !== undefined && 'error' in contacts) {
    say(`intercom-users: ${contacts.error}.`)
    return summary(EXIT.usage)
  }
  const { checkpoint, follow } = command
  const read = command.mode === 'contacts' ? undefined : command.mode
  const kind = follow !== undefined ? 'changes' : read === undefined ? 'export' : 'users'
  const saved = checkpoint === undefined ? undefined : await readCheckpoint(checkpoint, kind, read)
  if (saved !== undefined && 'error' in saved) {
    say(`intercom-users: ${saved.error}.`)
    return summary(EXIT.usage)
  }
  const changes = follow === undefined ? undefined : changesFrom(follow, checkpoint, saved, now)
  if (changes !== undefined && 'error' in changes) {
    say(`intercom-users: ${changes.error}.`)
    return summary(EXIT.usage)
  }
  if ((saved?.kind === 'export' && saved.startingAfter === null) || (saved?.kind === 'users' && saved.complete)) {
    say('intercom-users: the checkpoint says this export is complete; nothing to write (remove it to export again).')
    return summary(EXIT.ok)
  }
  const ids = checkpoint === undefined || kind !== 'users' ? [] : await readWrittenIds(checkpoint, idsBytesOf(saved))
  if ('error' in ids) {
    say(`intercom-users: ${ids.error}.`)
    return summary(EXIT.usage)
  }
  const resume = saved?.kind === 'users' ? usersResume(saved.page, ids) : undefined
  const stdoutFd = (io.stdout as { fd?: unknown }).fd
  const fd = typeof stdoutFd === 'number' ? stdoutFd : undefined
  // Lines written after the last save are cut, to be written again once.
  await rewindOutput(fd, saved)
  const resumeAt = saved?.kind === 'export' ? saved.startingAfter : undefined
  const params =
    typeof resumeAt === 'string' ? { ...listParams(command), startingAfter: resumeAt } : listParams(command)
  /** Saves where the output stands once `users` have left the process: the ids too, for a users export. */
  let lastSaved: Checkpoint | undefined = saved
  const persist = async (file: string, mark: Checkpoint, users: ReadonlyArray<User | Contact>): Promise<void> => {
    const bytes = await outputBytes(fd)
    const sidecar =
      mark.kind === 'users'
        ? {
            idsBytes: await appendIds(
              file,
              users.map((u) => String(u.id)),
            ),
          }
        : {}
    lastSaved = { ...mark, ...sidecar, ...(bytes === undefined ? {} : { outputBytes: bytes }) }
    await saveCheckpoint(file, lastSaved)
  }
  // A first run saves where it starts, so a kill before its first page is resumed without doubling the output.
  if (checkpoint !== undefined && saved === undefined) {
    const start: Checkpoint | undefined =
      kind === 'users'
        ? { kind, read: read ?? 'list', page: 0, complete: false, idsBytes: 0 }
        : kind === 'export'
          ? { kind }
          : typeof changes?.since === 'number'
            ? { kind, watermark: { updatedAt: changes.since, ids: [] } }
            : undefined
    if (start !== undefined) await persist(checkpoint, start, [])
  }

  // A bar redrawn in place would tear the users printed on the same terminal: only when the
  // users go to a pipe or a file.
  const showProgress = command.progress && io.stderr.isTTY === true && io.stdout.isTTY !== true
  const draw = (): void => {
    if (!showProgress) return
    const elapsedMs = now() - started
    const waitingMs = waitingUntil > now() ? waitingUntil - now() : undefined
    const line = renderProgress(
      { users, total, pages, requests, elapsedMs, waits, waitedMs, waitingMs },
      // A pseudo-terminal without a size (script, CI) reports 0 columns.
      io.stderr.columns !== undefined && io.stderr.columns > 0 ? io.stderr.columns : 80,
    )
    io.stderr.write(`\r${line}\u001b[K`)
  }
  const clearProgress = (): void => void (showProgress && io.stderr.write('\r\u001b[K'))
  const ticker = showProgress ? setInterval(draw, PROGRESS_INTERVAL_MS) : undefined
  ticker?.unref()

  let cut = 0
  const writer = recordWriter(command.format, command.fields, (user) => {
    cut += 1
    clearProgress()
    say(
      `intercom-users: warning: user ${printable(String(user.id))} holds a value nested deeper than ${MAX_DEPTH} levels; ` +
        `it was written with that part replaced by "${CUT_MARK}".`,
    )
  })
  let waitLines: Subscription | undefined
  let opened = false
  let exitCode: number = EXIT.ok
  try {
    // Node's own http with kept-alive connections: about 40% less CPU a user than the runtime's fetch.
    const countingFetch: FetchLike = (url, init) => {
      requests += 1
      return nodeHttpFetch(url, init)
    }
    const client = createClient({
      token,
      baseUrl: command.baseUrl ?? io.env['INTERCOM_BASE_URL'] ?? DEFAULT_BASE_URL,
      fetch: countingFetch,
      ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      ...(command.apiVersion === undefined ? {} : { apiVersion: command.apiVersion }),
      ...(command.maxRetries === undefined ? {} : { retry: { maxAttempts: command.maxRetries + 1 } }),
      ...(command.rateShare === undefined ? {} : { rateLimit: { share: command.rateShare } }),
    })
    waitLines = client.rateLimitWait$.subscribe((wait) => {
      waits += 1
      waitedMs += wait.waitMs
      waitingUntil = now() + wait.waitMs
      clearProgress()
      say(
        `intercom-users: waiting ${(wait.waitMs / 1000).toFixed(1)} s for the rate-limit window to reset: ${WAIT_REASONS[wait.reason]}`,
      )
      draw()
    })
    const limit = command.limit ?? Number.POSITIVE_INFINITY
    const stop$ = io.signal === undefined ? EMPTY : fromEvent(io.signal, 'abort')
    io.stdout.write(writer.start())
    opened = true
    if (io.signal?.aborted !== true) {
      await lastValueFrom(
        batches(client, command.mode, params, {
          concurrency: command.concurrency,
          limit: command.limit,
          ...(contacts === undefined ? {} : { contacts }),
          ...(changes === undefined ? {} : { changes }),
          ...(resume === undefined ? {} : { resume }),
          onLockWait: (wait) => {
            waitingUntil = now() + wait.waitMs
            clearProgress()
            say(
              `intercom-users: waiting ${(wait.waitMs / 1000).toFixed(1)} s for the app's scroll lock: another scroll of this app ` +
                `is open (Intercom allows one, and drops an unused one after a minute); waited ${(wait.waitedMs / 1000).toFixed(0)} s ` +
                `of at most ${(wait.budgetMs / 1000).toFixed(0)} s`,
            )
            draw()
          },
        }).pipe(
          // Pulled: the next page is asked for when this one is written (stdout drained), so a
          // slow reader holds the listing to the pages read ahead. With --limit, none is read
          // ahead beyond what the listing plans, so no request goes past the last user wanted.
          pullConcatMap(
            (batch: Batch) => {
              pages += 1
              path = batch.path
              stoppedAtCap = batch.stoppedAtCap
              total = batch.totalCount === undefined ? undefined : Math.min(batch.totalCount, limit)
              if (batch.warnings.length > 0) clearProgress()
              for (const warning of batch.warnings) say(`intercom-users: warning: ${batch.label}: ${warning}`)
              const wanted = batch.users.slice(0, Math.max(0, limit - users))
              users += wanted.length
              draw()
              // One write a page, of whole records: an interrupt lands between two writes. Following
              // with a checkpoint, the watermark is saved only once the line is out of the process.
              const mark = batch.checkpoint
              // A page cut by --limit is not all written: its checkpoint is not saved.
              const whole = wanted.length === batch.users.length
              return checkpoint === undefined || mark === undefined || !whole
                ? concat(write(io.stdout, writer.rows(wanted)), of(users))
                : concat(
                    from(flushed(io.stdout, writer.rows(wanted)).then(() => persist(checkpoint, mark, wanted))),
                    of(users),
                  ).pipe(filter((n): n is number => typeof n === 'number'))
            },
            { prefetch: command.limit === undefined ? 1 : 0 },
          ),
          // Completes once the limit is written, which aborts any page read ahead.
          takeWhile((written) => written < limit),
          // Unsubscribing aborts the requests in flight; nothing more is written but the end.
          takeUntil(stop$),
        ),
        { defaultValue: undefined },
      )
    }
  } catch (e) {
    clearProgress()
    if (isIntercomError(e)) {
      // The message may quote a server's text: no escape sequence reaches the terminal.
      say(`intercom-users: ${e._tag}: ${printable(e.message)}`)
      exitCode = exitCodeOf(e._tag)
    } else {
      say(`intercom-users: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      exitCode = EXIT.internal
    }
  } finally {
    if (ticker !== undefined) clearInterval(ticker)
    waitLines?.unsubscribe()
    // The format's end (a JSON array's `]`) is written on success, failure and interrupt alike,
    // so what was written is always well-formed; nothing at all when it failed before starting.
    if (opened) io.stdout.write(writer.end())
  }
  if (exitCode === EXIT.ok) {
    draw()
    if (showProgress) io.stderr.write('\n')
    // Users left out, or a value cut, are never a silent success.
    if (stoppedAtCap || cut > 0) exitCode = EXIT.incomplete
  }
  // A users export read to its end is complete: a run with its checkpoint writes nothing more.
  const ended = exitCode === EXIT.ok && io.signal?.aborted !== true && command.limit === undefined
  if (ended && checkpoint !== undefined && lastSaved?.kind === 'users')
    await saveCheckpoint(checkpoint, { ...lastSaved, complete: true })
  return summary(exitCode)
}

const VIA: Readonly<Record<Batch['path'], string>> = {
  changes: ' via contact changes',
  'user changes': ' via user changes',
  pages: ' via List Users',
  scroll: ' via the Scroll API',
  contacts: ' via the Contacts API',
  search: ' via a contacts search',
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** The one-line summary: `2400 users via List Users, 48 pages, 48 requests in 1.2 s`. */
export const formatSummary = (summary: ListSummary): string => {
  const via = summary.path === undefined ? '' : VIA[summary.path]
  const cap = summary.stoppedAtCap
    ? " (stopped at Intercom's cap on page iteration; --all or --scroll reads the rest)"
    : ''
  const counts = `${plural(summary.pages, 'page')}, ${plural(summary.requests, 'request')} in ${summary.seconds.toFixed(1)} s`
  const noun =
    summary.path === 'contacts' || summary.path === 'search' || summary.path === 'changes' ? 'contact' : 'user'
  return summary.interruptedBy === undefined
    ? `${plural(summary.users, noun)}${via}${cap}, ${counts}`
    : `interrupted by ${summary.interruptedBy}: ${plural(summary.users, noun)} written (whole records only)${via}, ${counts}`
}

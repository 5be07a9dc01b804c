/**
 * `intercom-users list`: the listing, written in the chosen format on a stream, with progress
 * and a summary on stderr.
 *
 * @module
 */
import type { Subscription } from 'rxjs'
import { isIntercomError } from '../index.js'
import type { ListCommand } from './args.js'
import { batches } from './batches.js'
import { saveCheckpoint } from './checkpoint.js'
import { cliMessage, clientOf } from './client.js'
import { lockCheckpoint, requestRecordOf } from './checkpoint-guard.js'
import { EXIT, exitCodeOf } from './exit-codes.js'
import { KNOWN_CONTACT_FIELDS, KNOWN_FIELDS, unknownFields } from './fields.js'
import { printable, recordWriter } from './format.js'
import { readQuery, readToken, startingPoint, TOKEN_FLAG_WARNING } from './inputs.js'
import { openCheckpoint } from './open-checkpoint.js'
import { flushed, written, type ListIo } from './output.js'
import { cutWarning, lockWaitLine, rateWaitLine, retryLine } from './progress.js'
import { progressBar } from './progress-bar.js'
import { usersResume } from './resume-users.js'
import type { ListSummary } from './summary.js'

export { formatSummary, type ListSummary } from './summary.js'
export type { ListIo } from './output.js'

/** Runs a listing and reports it; never throws, returns the exit code in the summary. */
export const runList = async (command: ListCommand, io: ListIo): Promise<ListSummary> => {
  const held: { release?: () => Promise<void> } = {}
  try {
    return await listHolding(command, io, held)
  } finally {
    await held.release?.()
  }
}

/** The listing, with what it must release at its end (its checkpoint's lock) in `held`. */
const listHolding = async (
  command: ListCommand,
  io: ListIo,
  held: { release?: () => Promise<void> },
): Promise<ListSummary> => {
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
  const noun = command.follow !== undefined ? 'change' : command.mode === 'contacts' ? 'contact' : 'user'
  const summary = (exitCode: number): ListSummary => ({
    users,
    noun,
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
  const { checkpoint } = command
  // One process at a time on a checkpoint: taken before anything of it is read.
  const lock = checkpoint === undefined ? undefined : await lockCheckpoint(checkpoint)
  if (lock !== undefined && 'refused' in lock) {
    say(`intercom-users: ${lock.refused}.`)
    return summary(lock.usage === true ? EXIT.usage : EXIT.checkpoint)
  }
  if (lock !== undefined) held.release = lock
  const start = await startingPoint(command, now)
  if ('error' in start) {
    say(`intercom-users: ${start.error}.`)
    return summary(start.ofCheckpoint === true ? EXIT.checkpoint : EXIT.usage)
  }
  if ('complete' in start) {
    say('intercom-users: the checkpoint says this export is complete; nothing to write (remove it to export again).')
    return summary(EXIT.ok)
  }
  const { saved, ids } = start
  const resume = saved?.kind === 'users' ? usersResume(saved.page, ids) : undefined
  const stdoutFd = (io.stdout as { fd?: unknown }).fd
  const fd = typeof stdoutFd === 'number' ? stdoutFd : undefined
  const resumable = await openCheckpoint(checkpoint, start, requestRecordOf(command, contacts), fd)
  if ('refused' in resumable) {
    say(`intercom-users: ${resumable.refused}.`)
    return summary(EXIT.checkpoint)
  }
  if (resumable.note !== undefined) say(resumable.note)
  const { persist, flush, last } = resumable
  const { changes } = start
  const resumeAt = saved?.kind === 'export' ? saved.startingAfter : undefined
  const params = typeof resumeAt === 'string' ? { ...command.params, startingAfter: resumeAt } : command.params

  let stage: string | undefined
  let windowLeft: () => number | undefined = () => undefined
  const progress = progressBar(io, command.progress, () => ({
    users,
    noun: `${noun}s`,
    total,
    pages: command.follow === undefined ? pages : undefined,
    stage,
    windowLeft: windowLeft(),
    requests,
    elapsedMs: now() - started,
    waits,
    waitedMs,
    waitingMs: waitingUntil > now() ? waitingUntil - now() : undefined,
  }))
  const { draw, clear: clearProgress } = progress

  let cut = 0
  const writer = recordWriter(
    command.format,
    command.fields,
    (user) => {
      cut += 1
      clearProgress()
      say(cutWarning(user.id))
    },
    io.stdout.isTTY === true,
  )

  let waitLines: Subscription | undefined
  let opened = false
  let exitCode: number = EXIT.ok
  try {
    const client = clientOf(command, token, io.env, () => (requests += 1))
    windowLeft = () => client.limiter.budget().available
    waitLines = client.rateLimitWait$.subscribe((wait) => {
      waits += 1
      waitedMs += wait.waitMs
      waitingUntil = now() + wait.waitMs
      clearProgress()
      say(rateWaitLine(wait))
      draw()
    })
    waitLines.add(
      client.retries$.subscribe((retry) => {
        if (retry.tag === 'RateLimited') return
        clearProgress()
        say(printable(retryLine(retry)))
        draw()
      }),
    )
    const limit = command.limit ?? Number.POSITIVE_INFINITY
    io.stdout.write(writer.start())
    opened = true
    // Pulled: the next page is asked for when this one is written (stdout drained), so a slow
    // reader holds the listing to the pages read ahead. With --limit, none is read ahead beyond
    // what the listing plans, so no request goes past the last user wanted. An interrupt aborts
    // the request in flight; nothing more is written but the end.
    const source = batches(client, command.mode, params, {
      concurrency: command.concurrency,
      limit: command.limit,
      prefetch: command.limit === undefined ? 1 : 0,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      ...(contacts === undefined ? {} : { contacts }),
      ...(changes === undefined ? {} : { changes }),
      ...(resume === undefined ? {} : { resume }),
      withText: command.format === 'ndjson' && command.fields === undefined,
      ...(saved?.kind === 'ranges' && saved.position !== undefined ? { exportFrom: saved.position } : {}),
      onLockWait: (wait) => {
        waitingUntil = now() + wait.waitMs
        clearProgress()
        say(lockWaitLine(wait))
        draw()
      },
    })
    try {
      for await (const batch of source) {
        if (io.signal?.aborted === true) break
        pages += 1
        path = batch.path
        stage = batch.path === 'export' ? batch.label : undefined
        stoppedAtCap = batch.stoppedAtCap
        total = batch.totalCount === undefined ? undefined : Math.min(batch.totalCount, limit)
        if (batch.warnings.length > 0) clearProgress()
        for (const warning of batch.warnings) say(`intercom-users: warning: ${batch.label}: ${warning}`)
        const wanted = batch.users.slice(0, Math.max(0, limit - users))
        users += wanted.length
        draw()
        // One write a page, of whole records: an interrupt lands between two writes. With a
        // checkpoint, where the output stands is saved only once the lines are out of the process;
        // a page cut by --limit is not all written, so its checkpoint is not saved.
        const text = writer.rows(wanted, batch.texts?.slice(0, wanted.length))
        if (checkpoint === undefined || batch.checkpoint === undefined || wanted.length !== batch.users.length)
          await written(io.stdout, text, io.signal)
        else {
          await flushed(io.stdout, text)
          await persist(checkpoint, batch.checkpoint, wanted, Buffer.byteLength(text))
        }
        // Leaving the loop aborts any page read ahead.
        if (users >= limit) break
      }
    } catch (e) {
      // An interrupt rejects the page awaited with the signal's reason: the listing ends there.
      if (io.signal?.aborted !== true) throw e
    }
  } catch (e) {
    clearProgress()
    if (isIntercomError(e)) {
      // The message may quote a server's text: no escape sequence reaches the terminal.
      say(`intercom-users: ${e._tag}: ${printable(cliMessage(e, command))}`)
      exitCode = exitCodeOf(e._tag)
    } else {
      say(`intercom-users: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      exitCode = EXIT.internal
    }
  } finally {
    await flush()
    progress.stop()
    waitLines?.unsubscribe()
    // The format's end (a JSON array's `]`) is written on success, failure and interrupt alike,
    // so what was written is always well-formed; nothing at all when it failed before starting.
    if (opened) io.stdout.write(writer.end())
  }
  if (exitCode === EXIT.ok) {
    progress.end()
    // Users left out, or a value cut, are never a silent success.
    if (stoppedAtCap || cut > 0) exitCode = EXIT.incomplete
  }
  // An export read to its end is complete: a run with its checkpoint writes nothing more.
  const ended = exitCode === EXIT.ok && io.signal?.aborted !== true && command.limit === undefined
  const lastSaved = last()
  if (ended && checkpoint !== undefined && (lastSaved?.kind === 'users' || lastSaved?.kind === 'ranges'))
    await saveCheckpoint(checkpoint, { ...lastSaved, complete: true })
  return summary(exitCode)
}

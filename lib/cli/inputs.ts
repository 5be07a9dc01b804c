/**
 * What a listing reads before it starts: the token, a query file, where `--follow` starts.
 * Each returns the value, or an error said in the command line's words.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { ChangeOptions } from '../index.js'
import type { ReconcileOptions } from '../pages.js'
import { parseQuery, sinceOf, type ContactsSpec, type FollowSpec, type ListCommand } from './args.js'
import { readCheckpoint, readWrittenIds, type Checkpoint } from './checkpoint.js'

export const TOKEN_FLAG_WARNING =
  'intercom-users: warning: --token is visible to other users of this machine (in ps and /proc); ' +
  'prefer INTERCOM_ACCESS_TOKEN or --token-file.'

export const readToken = async (
  command: ListCommand,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | { error: string }> => {
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
export const readQuery = async (spec: ContactsSpec): Promise<Omit<ContactsSpec, 'queryFile'> | { error: string }> => {
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

/** Where `--follow` starts: the checkpoint when there is one, else `--since`. */
export const changesFrom = (
  spec: FollowSpec,
  checkpoint: string | undefined,
  saved: Checkpoint | undefined,
  now: () => number,
): (ChangeOptions & { readonly reconcile?: ReconcileOptions }) | { error: string } => {
  const timing = {
    ...(spec.everyMs === undefined ? {} : { every: spec.everyMs }),
    ...(spec.lagSeconds === undefined ? {} : { lagSeconds: spec.lagSeconds }),
    // Every contact that exists when the follow starts is taken as held: a follow comes after an export.
    ...(spec.reconcileMs === undefined ? {} : { reconcile: { everyMs: spec.reconcileMs, known: 'all' as const } }),
  }
  if (saved?.kind === 'changes') return { since: saved.watermark, ...timing }
  if (spec.since === undefined)
    return { error: `no checkpoint at ${checkpoint ?? '?'} yet: pass --since for the first run` }
  const since = sinceOf(spec.since, Math.floor(now() / 1000))
  return since === undefined ? { error: `--since ${spec.since} is not a time` } : { since, ...timing }
}

/** The sidecar's length a users checkpoint saved; 0 for a first run (its sidecar, if any, is left from a run killed before saving). */
export const idsBytesOf = (saved: Checkpoint | undefined): number => (saved?.kind === 'users' ? saved.idsBytes : 0)

/** Where a run starts: what its checkpoint saved, where `--follow` starts, the ids a users export wrote. */
export const startingPoint = async (
  command: ListCommand,
  now: () => number,
): Promise<
  /** What is wrong; `ofCheckpoint` when the checkpoint does not fit (its own exit code). */
  | { readonly error: string; readonly ofCheckpoint?: true }
  | { readonly complete: true }
  | {
      readonly saved: Checkpoint | undefined
      readonly changes: ChangeOptions | undefined
      readonly ids: ReadonlyArray<string>
      readonly kind: Checkpoint['kind']
      readonly read: 'list' | 'scroll' | 'all' | undefined
    }
> => {
  const { checkpoint, follow } = command
  const read = command.mode === 'contacts' ? undefined : command.mode
  const kind =
    follow !== undefined
      ? 'changes'
      : read !== undefined
        ? 'users'
        : command.contacts?.sequential === true
          ? 'export'
          : 'ranges'
  const saved = checkpoint === undefined ? undefined : await readCheckpoint(checkpoint, kind, read)
  if (saved !== undefined && 'error' in saved) {
    return { ...saved, ofCheckpoint: true }
  }
  const changes = follow === undefined ? undefined : changesFrom(follow, checkpoint, saved, now)
  if (changes !== undefined && 'error' in changes) {
    return changes
  }
  const complete =
    (saved?.kind === 'export' && saved.startingAfter === null) ||
    ((saved?.kind === 'users' || saved?.kind === 'ranges') && saved.complete)
  if (complete) {
    return { complete: true }
  }
  const ids = checkpoint === undefined || kind !== 'users' ? [] : await readWrittenIds(checkpoint, idsBytesOf(saved))
  if ('error' in ids) {
    return { ...ids, ofCheckpoint: true }
  }
  return { saved, changes, ids, kind, read }
}

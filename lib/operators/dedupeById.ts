import { Observable, type MonoTypeOperatorFunction } from 'rxjs'
import { invalidParams } from '../core/validate.js'
import { IdSet } from '../paging/id-set.js'

/** How many ids to remember: every id (default), or only the last `window`. */
export interface DedupeOptions {
  /**
   * Remember only the most recent `window` ids, so a long stream does not grow without
   * limit. A duplicate further back than the window passes through: size it to what can shift
   * (a page or two of users created during a listing).
   */
  readonly window?: number
}

/**
 * Drops values whose `id` was already emitted: pages that shift while they are read (a user
 * created during a descending listing pushes the others onto the next page) repeat users.
 * Without a window every id is kept, in a compact exact set (about 34 bytes an Intercom id).
 *
 * ```
 * source:          --a--b--a--c--b--|
 * dedupeById():    --a--b-----c-----|
 * source:          --a--b--c--a--|
 * dedupeById({ window: 2 }):
 *                  --a--b--c--a--|      (a fell out of the window of 2 when c arrived)
 * ```
 *
 * @example
 * ```ts
 * listUsers(client, { order: 'desc' }).pipe(dedupeById({ window: 600 }))
 * ```
 *
 * @param options `window`: how many recent ids to remember (default: all).
 * @returns An operator that lets each id through once.
 */
export const dedupeById = <T extends { readonly id: string }>(
  options: DedupeOptions = {},
): MonoTypeOperatorFunction<T> => {
  const window = options.window
  if (window !== undefined && !(Number.isInteger(window) && window > 0)) {
    throw invalidParams('window', `dedupeById({ window }) needs a positive integer, got ${window}`)
  }
  return (source) =>
    new Observable<T>((subscriber) => {
      const isNew = window === undefined ? unbounded() : bounded(window)
      return source.subscribe({
        next: (value) => {
          if (isNew(value.id)) subscriber.next(value)
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      })
    })
}

const unbounded = (): ((id: string) => boolean) => {
  const seen = new IdSet()
  return (id) => seen.add(id)
}

/** A set of the last `size` ids: a ring of ids in arrival order, evicted as new ones come. */
const bounded = (size: number): ((id: string) => boolean) => {
  const seen = new Set<string>()
  const ring: Array<string | undefined> = new Array<string | undefined>(size)
  let next = 0
  return (id) => {
    if (seen.has(id)) return false
    const evicted = ring[next]
    if (evicted !== undefined) seen.delete(evicted)
    ring[next] = id
    next = (next + 1) % size
    seen.add(id)
    return true
  }
}

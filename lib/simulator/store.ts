/**
 * The simulator's one store: the users and contacts it serves, their sorted views, and the search
 * index that lags behind writes. Every route reads it; the test hooks and the changes write it.
 *
 * @module
 */
import { compareUsers, type SortField } from './list-users.js'
import { compareContacts } from './list-contacts.js'
import type { SimulatorOptions } from './options.js'
import { seededRandom } from './random.js'
import { generateContacts, type SimContact } from './seed-contacts.js'
import { generateUsers, type SimUser } from './seed-users.js'

/**
 * Updates the records of `store` with these ids in place: `updated_at` = `at` (Unix seconds); `before` is told of each record as it was. Returns the new versions.
 */
const stamp = <T extends { readonly id: string }>(
  store: T[],
  ids: Iterable<string>,
  at: number,
  before: (record: T) => void = () => undefined,
): T[] => {
  const wanted = new Set(ids)
  const updatedAt = at
  const updated: T[] = []
  store.forEach((record, i) => {
    if (!wanted.has(record.id)) return
    before(record)
    const next = { ...record, updated_at: updatedAt }
    store[i] = next
    updated.push(next)
  })
  return updated
}

/** The store of a simulator started with `options`, seeded with `seed` at `now`. */
export const createStore = (options: SimulatorOptions, seed: number, now: number) => {
  /** The simulated Intercom's clock, Unix seconds. */
  const clock = (): number => Math.floor(Date.now() / 1000 + (options.clockSkewSeconds ?? 0))
  const users = typeof options.users === 'object' ? [...options.users] : generateUsers(options.users ?? 1000, seed, now)
  const views = new Map<string, ReadonlyArray<SimUser>>()
  const sortedBy = (sort: SortField, order: 'asc' | 'desc'): ReadonlyArray<SimUser> => {
    const key = `${sort}:${order}`
    const cached = views.get(key) ?? [...users].sort(compareUsers(sort, order))
    views.set(key, cached)
    return cached
  }
  const contacts =
    typeof options.contacts === 'object' ? [...options.contacts] : generateContacts(options.contacts ?? 0, seed, now)
  let contactsWalk: ReadonlyArray<SimContact> | undefined
  const lagRandom = seededRandom((options.faultSeed ?? 1) ^ 0x1a9)
  const searchLag = (): number => Math.round((options.searchLagMs ?? 0) * (0.5 + lagRandom() / 2))
  /** When a contact created or updated during the run enters the search index as it is now. */
  const indexedAt = new Map<string, number>()
  /** The version the search index still holds of a contact updated a moment ago. */
  const stale = new Map<string, SimContact>()
  let contactsMade = contacts.length
  const createContacts = (n: number): ReadonlyArray<SimContact> => {
    const newest = contacts.reduce((max, c) => Math.max(max, c.created_at), now)
    const added = generateContacts(n, seed, now, contactsMade).map((c, i) => ({ ...c, created_at: newest + 1 + i }))
    contactsMade += n
    for (const c of added) indexedAt.set(c.id, Date.now() + searchLag())
    contacts.push(...added)
    contactsWalk = undefined
    return added
  }
  const updateContacts = (ids: Iterable<string>, at?: number): ReadonlyArray<SimContact> => {
    const updated = stamp(contacts, ids, at ?? clock(), (before) => {
      // Until the index catches up, search still finds the version before (when it was indexed).
      if ((indexedAt.get(before.id) ?? 0) <= Date.now()) stale.set(before.id, before)
      indexedAt.set(before.id, Date.now() + searchLag())
    })
    contactsWalk = undefined
    return updated
  }
  const deleteContacts = (ids: Iterable<string>): number => {
    const gone = new Set(ids)
    const before = contacts.length
    for (let i = contacts.length - 1; i >= 0; i--) if (gone.has(contacts[i].id)) contacts.splice(i, 1)
    contactsWalk = undefined
    return before - contacts.length
  }
  /** A lead merged into a user, as Intercom's merge does: the lead is gone, the user updated now. */
  const mergeContacts = (leadId: string, userId: string): boolean => {
    const lead = contacts.find((c) => c.id === leadId && c.role === 'lead')
    if (lead === undefined || !contacts.some((c) => c.id === userId && c.role === 'user')) return false
    deleteContacts([leadId])
    merged.set(leadId, userId)
    updateContacts([userId])
    return true
  }
  /** Leads merged away, by the user they went into. */
  const merged = new Map<string, string>()
  let createdSoFar = 0
  const createUsers = (n: number): ReadonlyArray<SimUser> => {
    const newest = users.reduce((max, u) => Math.max(max, u.created_at), now)
    // Numbered past every user ever made, so an id is never reused after a deletion.
    const added = generateUsers(n, seed, now, users.length + createdSoFar).map((u, i) => ({
      ...u,
      created_at: newest + 1 + i,
    }))
    createdSoFar += n
    users.push(...added)
    views.clear()
    return added
  }
  const updateUsers = (ids: Iterable<string>, at?: number): ReadonlyArray<SimUser> => {
    const updated = stamp(users, ids, at ?? clock())
    views.clear()
    return updated
  }
  const deleteUsers = (ids: Iterable<string>): number => {
    const gone = new Set(ids)
    let deleted = 0
    for (let i = users.length - 1; i >= 0; i--) {
      if (gone.has(users[i].id)) {
        users.splice(i, 1)
        deleted += 1
      }
    }
    views.clear()
    return deleted
  }
  return {
    users,
    contacts,
    sortedBy,
    /** The contacts in the listing's order (kept until the next write). */
    contactsWalk: (): ReadonlyArray<SimContact> => (contactsWalk ??= [...contacts].sort(compareContacts)),
    /** The version of a contact the search index holds now, if any. */
    indexed: (c: SimContact, now: number = Date.now()): SimContact | undefined =>
      indexedAt.size === 0 || (indexedAt.get(c.id) ?? 0) <= now ? c : stale.get(c.id),
    createUsers,
    updateUsers,
    deleteUsers,
    createContacts,
    updateContacts,
    deleteContacts,
    mergeContacts,
    merged,
  }
}

/** A simulator's store. */
export type Store = ReturnType<typeof createStore>

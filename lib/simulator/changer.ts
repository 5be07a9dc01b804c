/**
 * A workspace that changes on its own (`changes: { everyMs, creates, updates }`): every `everyMs`,
 * contacts are created, and contacts and users updated, drawn from the fault seed. For change
 * streams to follow.
 *
 * @module
 */
import type { SimulatorOptions } from './options.js'
import { seededRandom } from './random.js'
import type { Store } from './store.js'

/** Starts the changes `options` ask for, if any; returns what stops them. */
export const startChanges = (store: Store, options: SimulatorOptions): (() => void) => {
  const changes = options.changes
  if (changes === undefined) return () => undefined
  const random = seededRandom((options.faultSeed ?? 1) ^ 0xc4a9)
  const pickIds = <T extends { readonly id: string }>(from: ReadonlyArray<T>, n: number): string[] =>
    from.length === 0 ? [] : Array.from({ length: n }, () => from[Math.floor(random() * from.length)].id)
  const timer = setInterval(() => {
    store.createContacts(changes.creates)
    store.updateContacts(pickIds(store.contacts, changes.updates))
    store.updateUsers(pickIds(store.users, changes.updates))
  }, changes.everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

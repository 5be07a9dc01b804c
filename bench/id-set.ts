/**
 * Memory of remembering a million emitted ids: the library's IdSet against a Set<string>.
 * Run: npm run bench:ids (needs --expose-gc, which the script passes).
 */
import { IdSet } from '../lib/paging/id-set.js'

const COUNT = 1_000_000
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')
/** Ids shaped like Intercom's: 24 hex digits. */
const idOf = (i: number): string =>
  ((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0')

const bytesHeld = (fill: () => { size: number }): number => {
  gc()
  const before = process.memoryUsage()
  const set = fill()
  // Array buffers of tables the set outgrew are released over more than one collection.
  for (let i = 0; i < 4; i++) gc()
  const after = process.memoryUsage()
  if (set.size !== COUNT) throw new Error('lost an id')
  return after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)
}

const compact = bytesHeld(() => {
  const s = new IdSet()
  for (let i = 0; i < COUNT; i++) s.add(idOf(i))
  return s
})
const plain = bytesHeld(() => {
  const s = new Set<string>()
  for (let i = 0; i < COUNT; i++) s.add(idOf(i))
  return s
})
const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB (${(b / COUNT).toFixed(0)} bytes an id)`
console.log(
  `${COUNT} ids of 24 hex digits: IdSet ${mb(compact)}, Set<string> ${mb(plain)}, ratio x${(plain / compact).toFixed(1)}`,
)

/**
 * The CPU cost of decoding a 60-user page, against `JSON.parse` alone, side by side in one
 * run: JSON.parse; JSON.parse + the library's decoder (strict `is` check, the path every
 * well-formed page takes); JSON.parse + io-ts's full `decode` (what a naive client would do).
 * Prints min/median/max over several rounds of the time per page and the ratios.
 *
 * Run: npm run bench:decode
 */
import { performance } from 'node:perf_hooks'
import { StrictUserList, UserList } from '../lib/users/user-list.js'
import { decodeWith } from '../lib/core/codecs/decode.js'
import { generateUsers } from '../lib/simulator/seed-users.js'

const PAGES = 2_000
const ROUNDS = 7
const users = generateUsers(60, 42, 1_790_000_000)
const text = JSON.stringify({
  type: 'user.list',
  total_count: 60,
  users,
  pages: { type: 'pages', next: null, page: 1, per_page: 60, total_pages: 1 },
})
const decodePage = decodeWith(StrictUserList, UserList, 'page')

const variants: Record<string, (s: string) => unknown> = {
  'JSON.parse alone': (s) => JSON.parse(s) as unknown,
  'JSON.parse + library decode (fast path)': (s) => decodePage(JSON.parse(s)),
  'JSON.parse + io-ts decode (full)': (s) => UserList.decode(JSON.parse(s)),
}

const timePerPage = (fn: (s: string) => unknown): number => {
  const start = performance.now()
  for (let i = 0; i < PAGES; i++) fn(text)
  return ((performance.now() - start) / PAGES) * 1000
}

// Warm up every variant so the JIT has compiled them all before measuring.
for (const fn of Object.values(variants)) timePerPage(fn)
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(variants)) samples[name].push(timePerPage(fn))
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const base = median(samples['JSON.parse alone'])
console.log(
  `60-user page (${text.length} bytes), ${PAGES} pages x ${ROUNDS} rounds; µs per page min / median / max, ratio to JSON.parse alone`,
)
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs)
  console.log(
    `${name.padEnd(42)} ${Math.min(...xs).toFixed(1)} / ${m.toFixed(1)} / ${Math.max(...xs).toFixed(1)}   x${(m / base).toFixed(2)}`,
  )
}

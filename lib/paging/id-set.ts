/**
 * A compact, exact set of user ids, to remember every user a stream has emitted. Intercom's
 * ids are hex strings (24 or 25 digits in the seed page): those of up to 30 hex digits are
 * packed exactly into 16 bytes in an open-addressing table (34 bytes an id at a million with
 * the table's slack, against 165 for a `Set<string>`: `npm run bench:ids`); any other id goes to a plain `Set`.
 * Exact: no hash is ever taken for the id itself.
 *
 * @module
 */

const HEX = /^[0-9a-f]{1,30}$/
const WORDS = 4
const EMPTY_WORD = 0

/** Packs a hex id into four 32-bit words; the first holds the length, so it is never 0. */
const pack = (id: string, into: Uint32Array): void => {
  const padded = `${id.length.toString(16).padStart(2, '0')}${id.padStart(30, '0')}`
  for (let w = 0; w < WORDS; w++) into[w] = Number.parseInt(padded.slice(w * 8, w * 8 + 8), 16)
}

const hashOf = (words: Uint32Array): number => {
  let h = 0x811c9dc5
  for (let w = 0; w < WORDS; w++) h = Math.imul(h ^ (words[w] ?? 0), 0x01000193) >>> 0
  return (h ^ (h >>> 15)) >>> 0
}

/** An exact set of ids with compact storage for hex ids. */
export class IdSet {
  #table = new Uint32Array(1024 * WORDS)
  #capacity = 1024
  #packedSize = 0
  readonly #others = new Set<string>()
  readonly #key = new Uint32Array(WORDS)

  /** How many ids are in the set. */
  get size(): number {
    return this.#packedSize + this.#others.size
  }

  /** Whether the id is in the set. */
  has(id: string): boolean {
    if (!HEX.test(id)) return this.#others.has(id)
    pack(id, this.#key)
    return this.#slotOf(this.#key).found
  }

  /** Adds the id; true when it was not in the set before. */
  add(id: string): boolean {
    if (!HEX.test(id)) {
      if (this.#others.has(id)) return false
      this.#others.add(id)
      return true
    }
    pack(id, this.#key)
    const { found, slot } = this.#slotOf(this.#key)
    if (found) return false
    this.#table.set(this.#key, slot * WORDS)
    this.#packedSize += 1
    if (this.#packedSize * 4 > this.#capacity * 3) this.#grow()
    return true
  }

  #slotOf(key: Uint32Array): { found: boolean; slot: number } {
    const mask = this.#capacity - 1
    for (let slot = hashOf(key) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS
      if (this.#table[at] === EMPTY_WORD) return { found: false, slot }
      if (
        this.#table[at] === key[0] &&
        this.#table[at + 1] === key[1] &&
        this.#table[at + 2] === key[2] &&
        this.#table[at + 3] === key[3]
      ) {
        return { found: true, slot }
      }
    }
  }

  #grow(): void {
    const old = this.#table
    this.#capacity *= 2
    this.#table = new Uint32Array(this.#capacity * WORDS)
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at] === EMPTY_WORD) continue
      const key = old.subarray(at, at + WORDS)
      this.#table.set(key, this.#slotOf(key).slot * WORDS)
    }
  }
}

/**
 * A small seeded PRNG (mulberry32): the simulator's users and faults are reproducible from a
 * seed, with no dependency.
 *
 * @module
 */

/** A source of numbers in [0, 1) that is the same for the same seed. */
export type Random = () => number

export const seededRandom = (seed: number): Random => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max]. */
export const intBetween = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1))

/** One element of a non-empty list. */
export const pick = <A>(random: Random, items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]

/** `n` hex digits. */
export const hex = (random: Random, n: number): string =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')

/**
 * How long a client's requests take to be answered (a moving average), and how many answers
 * came: the latency `concurrency: 'auto'` multiplies by the rate, and the answers its slow start
 * grows on.
 *
 * @module
 */

/** The weight of the latest answer in the moving average. */
const WEIGHT = 0.2

export class AnswerTimes {
  #ms: number | undefined
  #count = 0

  /** Counts an answer that took `took` ms from leaving the queue. */
  note(took: number): void {
    this.#count += 1
    this.#ms = this.#ms === undefined ? took : this.#ms + WEIGHT * (took - this.#ms)
  }

  /** The moving average, in ms; undefined before an answer. */
  get ms(): number | undefined {
    return this.#ms
  }

  /** Answers so far. */
  get count(): number {
    return this.#count
  }
}

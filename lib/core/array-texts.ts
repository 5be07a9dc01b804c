/**
 * The text of each element of an array in a JSON object's text, as it was received: what lets an
 * export write each record's bytes straight through to NDJSON instead of serialising the decoded
 * record again (the codec still checks every record). Pure: one pass over the text, strings skipped
 * with `indexOf`.
 *
 * @module
 */

const QUOTE = 34
const BACKSLASH = 92
const COLON = 58
const COMMA = 44
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93

/** The index of the quote that ends the string opened at `start`, or -1. */
const stringEnd = (text: string, start: number): number => {
  let j = start + 1
  for (;;) {
    j = text.indexOf('"', j)
    if (j < 0) return -1
    let slashes = 0
    while (text.charCodeAt(j - 1 - slashes) === BACKSLASH) slashes += 1
    if (slashes % 2 === 0) return j
    j += 1
  }
}

/**
 * The elements of the array under the top-level `key` of the JSON object in `text`, each as its
 * own text (trimmed), in order; `undefined` when the text is not such an object, the key is
 * missing, or an element spans lines (an NDJSON line must not). Where the key appears twice, the
 * last one counts, as `JSON.parse` takes it. The text is assumed to be JSON that parsed.
 */
export const arrayElementTexts = (text: string, key: string): string[] | undefined => {
  const wanted = JSON.stringify(key)
  let found: string[] | undefined
  let current: string[] | undefined
  let depth = 0
  let lastString = ''
  let pendingKey = ''
  let elementStart = -1
  const close = (at: number): boolean => {
    const element = text.slice(elementStart, at).trim()
    if (element.includes('\n') || element.includes('\r')) return false
    if (element.length > 0) current?.push(element)
    return true
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = stringEnd(text, i)
      if (end < 0) return undefined
      if (depth === 1) lastString = text.slice(i, end + 1)
      i = end
    } else if (c === COLON) {
      if (depth === 1) pendingKey = lastString
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1
      if (depth === 2 && c === OPEN_BRACKET && pendingKey === wanted) {
        current = []
        elementStart = i + 1
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 2 && current !== undefined) {
        if (!close(i)) return undefined
        found = current
        current = undefined
      }
      depth -= 1
    } else if (c === COMMA) {
      if (depth === 2 && current !== undefined) {
        if (!close(i)) return undefined
        elementStart = i + 1
      } else if (depth === 1) pendingKey = ''
    }
  }
  return depth === 0 ? found : undefined
}

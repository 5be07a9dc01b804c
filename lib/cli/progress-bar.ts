/**
 * The progress bar's life on stderr: drawn in place (on each page and every
 * {@link PROGRESS_INTERVAL_MS}, for the clock, the ETA and waits), cleared before a line is said,
 * and ended with a newline. Only when stderr is a terminal and the records go elsewhere: a bar
 * redrawn in place would tear records printed on the same terminal.
 *
 * @module
 */
import type { ListIo } from './output.js'
import { renderProgress, type Progress } from './progress.js'

/** How often the bar is redrawn between pages. */
export const PROGRESS_INTERVAL_MS = 250

/** A bar for `io` that shows what `read` says when `wanted`; every method does nothing when it is not shown. */
export const progressBar = (io: ListIo, wanted: boolean, read: () => Progress) => {
  const shown = wanted && io.stderr.isTTY === true && io.stdout.isTTY !== true
  const draw = (): void => {
    if (!shown) return
    // A pseudo-terminal without a size (script, CI) reports 0 columns.
    const columns = io.stderr.columns !== undefined && io.stderr.columns > 0 ? io.stderr.columns : 80
    io.stderr.write(`\r${renderProgress(read(), columns)}\u001b[K`)
  }
  const clear = (): void => void (shown && io.stderr.write('\r\u001b[K'))
  const ticker = shown ? setInterval(draw, PROGRESS_INTERVAL_MS) : undefined
  ticker?.unref()
  return {
    draw,
    clear,
    /** Stops the redrawing (the bar stays as drawn last). */
    stop: (): void => clearInterval(ticker),
    /** Draws the bar a last time and leaves it on its own line. */
    end: (): void => {
      draw()
      if (shown) io.stderr.write('\n')
    },
  }
}

/**
 * Ctrl-C (SIGINT) and SIGTERM as an `AbortSignal`: the first one asks the listing to stop
 * cleanly (in-flight requests aborted, whole records flushed); a second one exits at once.
 *
 * @module
 */
import { EXIT } from './exit-codes.js'

/** The signals a listing stops on. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** Listens for the stop signals until `dispose`; `signal.reason` is the signal's name. */
export const interruptOnSignals = (
  exit: (code: number) => void = (code) => process.exit(code),
): { readonly signal: AbortSignal; readonly dispose: () => void } => {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) exit(EXIT.interrupted)
    else controller.abort(name)
  }
  for (const name of STOP_SIGNALS) process.on(name, onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal)
    },
  }
}

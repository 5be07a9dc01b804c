/**
 * What every entry point of the command line does with its process's streams: one prefix for
 * every line it prints, and a quiet stop when the reader closes the pipe.
 *
 * @module
 */
import { EXIT } from './exit-codes.js'

/** The prefix of every line the command line and `npm start` print on stderr. */
export const PREFIX = 'intercom-users:'

/**
 * A reader that stops early (`intercom-users | head`, `npm start --silent | head`) closes the
 * pipe: stop quietly with exit 0, as Unix tools do, instead of dying on an unhandled EPIPE.
 */
export const quietOnClosedPipe = (stream: NodeJS.WriteStream = process.stdout): void => {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    process.exit(EXIT.ok)
  })
}

/**
 * What every entry point of the command line does with its process's streams: one prefix for
 * every line it prints, a quiet stop when the reader closes the pipe, and one line for any other
 * failure to write.
 *
 * @module
 */
import { EXIT } from './exit-codes.js'

/** The prefix of every line the command line and `npm start` print on stderr. */
export const PREFIX = 'intercom-users:'

/**
 * A reader that stops early (`intercom-users | head`, `npm start --silent | head`) closes the
 * pipe: stop quietly with exit 0, as Unix tools do, instead of dying on an unhandled EPIPE. Any
 * other failure to write (a full disk, `> /dev/full`, a file too large) ends the run with one line
 * and the exit code of output failures; a checkpoint was saved only for lines that were written.
 */
export const onOutputError = (stream: NodeJS.WriteStream = process.stdout): void => {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok)
    const why = (e.message.split(',')[0] ?? e.message).replace(/^[A-Z]+: /, '')
    process.stderr.write(
      `${PREFIX} cannot write the output (${e.code ?? 'error'}: ${why}); stopped. ` +
        'The last line written may be cut; with --checkpoint, run again to go on.\n',
    )
    process.exit(EXIT.output)
  })
}

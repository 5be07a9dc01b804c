#!/usr/bin/env node
/**
 * The `intercom-users` command.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { VERSION } from '../index.js'
import { parseCommand } from './args.js'
import { EXIT } from './exit-codes.js'
import { CONTACTS_HELP, LIST_HELP, SIMULATE_HELP } from './help.js'
import { formatSummary, runList } from './list.js'
import { interruptOnSignals } from './signals.js'
import { runSimulate } from './simulate.js'
import { onOutputError } from './stdout.js'

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const parsed = parseCommand(argv)
  if (E.isLeft(parsed)) {
    process.stderr.write(`intercom-users: ${parsed.left}. See intercom-users --help.\n`)
    return EXIT.usage
  }
  const command = parsed.right
  switch (command.command) {
    case 'help':
      process.stdout.write({ list: LIST_HELP, simulate: SIMULATE_HELP, contacts: CONTACTS_HELP }[command.topic])
      return EXIT.ok
    case 'version':
      process.stdout.write(`${VERSION}\n`)
      return EXIT.ok
    case 'simulate':
      return runSimulate(command, process.stdout)
    case 'list': {
      const interrupt = interruptOnSignals()
      try {
        const summary = await runList(command, {
          stdout: process.stdout,
          stderr: process.stderr,
          env: process.env,
          signal: interrupt.signal,
        })
        if (
          summary.exitCode === EXIT.ok ||
          summary.exitCode === EXIT.interrupted ||
          summary.exitCode === EXIT.incomplete
        )
          process.stderr.write(`intercom-users: ${formatSummary(summary)}\n`)
        return summary.exitCode
      } finally {
        interrupt.dispose()
      }
    }
  }
}

onOutputError()

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(
      `intercom-users: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    )
    process.exitCode = EXIT.internal
  },
)

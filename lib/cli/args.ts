/**
 * The command line's arguments: which subcommand, then that subcommand's own parser.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Command } from './command.js'
import { parseArgsMessage } from './flags.js'
import { parseContacts } from './parse-contacts.js'
import { parseList } from './parse-list.js'
import { parseSimulate } from './parse-simulate.js'

export type { Command, ContactsSpec, FollowSpec, HelpTopic, ListCommand, ReadMode, SimulateCommand } from './command.js'
export { listParams } from './command.js'
export { sinceOf } from './flags.js'
export { parseQuery } from './parse-contacts.js'
export { parseFaults } from './parse-simulate.js'

/** Parses `argv` (without node and the script): a command, or a usage error's message. */
export const parseCommand = (argv: ReadonlyArray<string>): E.Either<string, Command> => {
  try {
    const [first, ...rest] = argv
    if (first === 'simulate') return parseSimulate(rest)
    if (first === 'contacts') return parseContacts(rest)
    if (first === 'help') {
      if (rest.length > 1) return E.left(`help takes one command, got ${rest.length}`)
      const topic = rest[0] ?? 'list'
      return topic === 'list' || topic === 'simulate' || topic === 'contacts'
        ? E.right({ command: 'help', topic })
        : E.left(`no help for ${JSON.stringify(topic)}: the commands are list, contacts and simulate`)
    }
    if (first === 'list') return parseList(rest)
    return parseList(argv)
  } catch (e) {
    return E.left(parseArgsMessage(e))
  }
}

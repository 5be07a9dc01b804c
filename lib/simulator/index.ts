/**
 * `intercom-rx/simulator`: Intercom's List Users on loopback, for tests and demos.
 *
 * @module
 */
export { startSimulator, type Simulator, type SimulatorOptions, type LoggedRequest } from './server.js'
export { generateUsers, type SimUser } from './seed-users.js'
export { generateContacts, type SimContact } from './seed-contacts.js'
export { compareContacts, listContactsAnswer, MAX_CONTACTS_PAGE } from './list-contacts.js'
export { compareUsers, listUsersAnswer, PAGE_CAP, type Answer, type NextStyle } from './list-users.js'
export { type Random } from './random.js'
export { Scrolls, SCROLL_PAGE_SIZE, RESTART_MESSAGE, type ScrollFaults, type ScrollOutcome } from './scroll.js'
export { FAULT_KINDS, type Faults, type Fault } from './faults.js'
export { isKnownApiVersion } from './versions.js'
export { type RateLimitOptions } from './rate-window.js'

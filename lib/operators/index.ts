export { capAt } from './capAt.js'
export { dedupeById, type DedupeOptions } from './dedupeById.js'

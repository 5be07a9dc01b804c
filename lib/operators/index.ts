export { capAt } from './capAt.js'
export { dedupeById, type DedupeOptions } from './dedupeById.js'
export { pace, type PaceOptions } from './pace.js'
export { pullConcatMap } from './pullConcatMap.js'

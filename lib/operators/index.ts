export { capAt } from './capAt.js'
export { dedupeById, type DedupeOptions } from './dedupeById.js'
export { throttle, type ThrottleOptions } from './throttle.js'
export { pullConcatMap } from './pullConcatMap.js'

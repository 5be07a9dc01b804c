export * from './user.js'
export * from './user-list.js'
export * from './error-list.js'
export { decodeWith, describeError, describeErrors, errorPath, type Decoded } from './decode.js'

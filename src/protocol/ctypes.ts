/**
 * C type declarations and their compiled layouts (model, compile, code generation, in-place views,
 * member paths): one import for the era declarations and the codec.
 */
export * from './ctypes/model.js';
export { compile, decodeArray, type Layout } from './ctypes/compile.js';
export { structView, viewArray, viewBytes } from './ctypes/views.js';
export { decodeExcept, locate } from './ctypes/paths.js';

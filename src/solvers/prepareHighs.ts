/**
 * The public way to load HiGHS on the calling thread (before allocateSync or a threads: 0 solve): its
 * WebAssembly is compiled once per thread. A wrapper so the library's declarations name no type of the
 * highs package (callers would otherwise need its types to compile).
 */
import { loadHighs } from './highs.js';

export async function prepareHighs(): Promise<void> {
  await loadHighs();
}

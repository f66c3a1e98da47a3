/**
 * Moved to electron/engine/random/seededRandom.ts. This re-export only serves files written in parallel before the
 * move (a test helper); it goes once they import the new path.
 */
export { SeededRandom } from '../random/seededRandom.ts';

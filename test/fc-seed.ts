// Preloaded by the test commands (`node --import ./test/fc-seed.ts --test ...`): property tests use
// one fixed seed so a run of `npm test` is reproducible, and CI does not fail on a case no one has
// seen. Set FC_SEED to explore other inputs (fast-check prints the seed of any failure), or use
// `npm run fuzz` for long explorations. The generators of the differential tests take their seeds
// from here too.
import fc from 'fast-check';

/** The tests' one fixed seed. */
export const DEFAULT_SEED = 20261125;

/** FC_SEED when set, else the fixed seed. */
export const SEED = Number(process.env.FC_SEED ?? DEFAULT_SEED);

fc.configureGlobal({ seed: SEED });

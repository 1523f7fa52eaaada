// Preloaded by the test commands (`node --import ./test/fc-seed.ts --test ...`): property tests use
// one fixed seed so a run of `npm test` is reproducible, and CI does not fail on a case no one has
// seen. Set FC_SEED to explore other inputs (fast-check prints the seed of any failure), or use
// `npm run fuzz` for long explorations.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });

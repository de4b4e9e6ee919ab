import fc from 'fast-check';

/*
 * Property and fuzz tests run with a random seed on developer machines (to
 * find new bugs) and a fixed one in CI (CI=true), so a landing is never
 * decided by the luck of the draw; FUZZ_SEED overrides both to replay a
 * failure. A bug found locally becomes a regression test with its input.
 */
const fromEnv = process.env.FUZZ_SEED;
if (fromEnv !== undefined && fromEnv !== '') fc.configureGlobal({ seed: Number(fromEnv) });
else if (process.env.CI === 'true') fc.configureGlobal({ seed: 20261125 });

// One seed for every property test, so a run in CI is reproducible and a failure can
// be replayed; OFFPRINT_FC_SEED=<n> explores other inputs (each run prints its seed).
import fc from 'fast-check'

export const seed = Number(process.env.OFFPRINT_FC_SEED ?? 20261128)
fc.configureGlobal({ seed })
if (process.env.OFFPRINT_FC_SEED) console.log(`[security] fast-check seed ${seed}`)

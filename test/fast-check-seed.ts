import fc from 'fast-check';

// On a developer's machine every run draws new cases, which is how properties find bugs.
// In CI the cases are fixed, so that a submission lands or fails on its code alone; a
// failure found locally prints its seed and path for replay.
if (process.env.CI) fc.configureGlobal({ seed: 20_251_125 });

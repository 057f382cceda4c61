// Set by the bundler (build/bundle.js) to a hash of the bundled CLI's code; absent anywhere else.
declare const AUTOFOLIO_BUILD_ID: string;

/**
 * The identity of the code that is running, when it is the bundled command: anything the user
 * cache holds that this code derived (a validated config) is keyed by it, so that a new build or
 * version never reads what an old one wrote. Undefined under tsc's dist/ and in tests, which
 * import modules one by one: no single build names their code, so nothing is cached there.
 */
export const BUILD_ID: string | undefined = typeof AUTOFOLIO_BUILD_ID === 'string' ? AUTOFOLIO_BUILD_ID : undefined;

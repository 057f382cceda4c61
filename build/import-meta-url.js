// Injected into the CommonJS bundle (build/bundle.js) for `import.meta.url`, which such a
// script has not: the URL of the bundle file, so that paths relative to it hold as in dist/.
export const import_meta_url = require('node:url').pathToFileURL(__filename).href;

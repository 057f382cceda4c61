import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests, and the commands they start, keep what autofolio caches per user in a folder of their
// own: never the developer's ~/.cache, which a test must neither read stale entries from nor
// fill. A test that checks the cache itself sets its own empty folder.
process.env.AUTOFOLIO_CACHE_DIR = join(tmpdir(), 'autofolio-test-cache');

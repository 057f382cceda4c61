import { journalContract } from '../cycle/journal.contract.js';
import { MemoryJournal } from './memory-journal.js';

journalContract('in memory, as backtests keep it', async () => ({ journal: new MemoryJournal(), close: async () => undefined }));

import { runRecordsContract } from '../cycle/run-records.contract.js';
import { MemoryRecords } from './memory-records.js';

runRecordsContract('in memory, as backtests keep them', async () => ({ records: new MemoryRecords(), close: async () => undefined }));

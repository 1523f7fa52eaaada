// Every unit test file, run in one process: one TypeScript loader start-up instead of one per file
// (`node --import tsx --test test/unit/index.ts`). A single file still runs on its own:
// `node --import tsx --test test/unit/<name>.test.ts`.
import { readdirSync } from 'node:fs';

for (const f of readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .sort())
  require(`./${f}`);

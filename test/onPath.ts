// Whether a command can be run by name: the test harnesses skip with one line when a tool they
// need (a C compiler, python3) is missing, instead of failing on ENOENT.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function onPath(command: string, pathVar = process.env.PATH ?? ''): boolean {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

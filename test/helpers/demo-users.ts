import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The SIP password of demo extension `number`, from the demo-users.csv the switch wrote. */
export function demoPassword(dataDir: string, number: string): string {
  const line = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
}

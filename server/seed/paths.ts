import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../geodata/', import.meta.url));

export function geodataPath(relative: string): string {
  return root + relative;
}

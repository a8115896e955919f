// npm run gen:checks: compiles the link's checks into native/protocol/checks.generated.ts (fast-check.ts says why).
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_CHECKS_FILE, generateChecksModule } from '../native/protocol/generate-checks.ts';

const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), GENERATED_CHECKS_FILE);
writeFileSync(file, generateChecksModule());
console.log(`wrote ${GENERATED_CHECKS_FILE}`);

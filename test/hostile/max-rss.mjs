// Preloaded into the CLI by the hostile tests: records its peak RSS (KB) where GZ_MAXRSS_FILE says.
import { writeFileSync } from 'node:fs';

const file = process.env.GZ_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

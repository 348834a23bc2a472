/** `node --conditions=agnes-source tooling/bench/overload-only.ts`: the overload section alone. */
import { overloadStorm } from './overload.ts';

console.log(await overloadStorm((text) => process.stderr.write(`${text}\n`)));

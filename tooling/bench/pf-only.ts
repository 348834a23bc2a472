import { preflightCost } from './preflight.ts';
import { transportFree } from './transport-free.ts';

console.log(await preflightCost(() => {}));
console.log(await transportFree(() => {}));

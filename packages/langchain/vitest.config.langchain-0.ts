import { fileURLToPath } from 'node:url';
import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with @langchain/core 0.3 and @langchain/openai 0.6, installed together in
// tooling/langchain-v0 (the openai package finds its @langchain/core peer by name there).
const from = fileURLToPath(new URL('../../tooling/langchain-v0', import.meta.url));
export default agnesProject('langchain@0', [
  { name: '@langchain/openai', from },
  { name: '@langchain/core', from },
]);

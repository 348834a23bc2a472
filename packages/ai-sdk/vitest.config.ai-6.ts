import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `ai` resolved to ai 6 and `@ai-sdk/openai-compatible` to its matching major.
export default agnesProject('ai-sdk@6', [
  { name: 'ai', alias: 'ai-v6' },
  { name: '@ai-sdk/openai-compatible', alias: 'openai-compatible-v2' },
]);

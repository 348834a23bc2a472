import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `ai` resolved to ai 5 and `@ai-sdk/openai-compatible` to its matching major.
export default agnesProject('ai-sdk@5', [
  { name: 'ai', alias: 'ai-v5' },
  { name: '@ai-sdk/openai-compatible', alias: 'openai-compatible-v1' },
]);

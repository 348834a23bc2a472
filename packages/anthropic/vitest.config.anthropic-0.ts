import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `@anthropic-ai/sdk` resolved to the last 0.x release.
export default agnesProject('anthropic@0', { name: '@anthropic-ai/sdk', alias: 'anthropic-sdk-v0' });

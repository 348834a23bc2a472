import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `@anthropic-ai/sdk` resolved to 0.41, the last release built on node-fetch.
export default agnesProject('anthropic@0.41', { name: '@anthropic-ai/sdk', alias: 'anthropic-sdk-v0-41' });

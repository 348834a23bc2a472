import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `openai` resolved to openai 6.
export default agnesProject('openai@6', { name: 'openai', alias: 'openai-v6' });

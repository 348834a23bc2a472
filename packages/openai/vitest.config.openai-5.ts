import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `openai` resolved to openai 5.
export default agnesProject('openai@5', { name: 'openai', alias: 'openai-v5' });

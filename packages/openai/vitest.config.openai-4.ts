import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `openai` resolved to openai 4.
export default agnesProject('openai@4', { name: 'openai', alias: 'openai-v4' });

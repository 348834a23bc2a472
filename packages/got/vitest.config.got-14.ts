import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `got` resolved to got 14.
export default agnesProject('got@14', { name: 'got', alias: 'got-v14' });
